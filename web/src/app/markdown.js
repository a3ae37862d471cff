// "Copy as Markdown report": a compact report for an issue or a chat message.
// Everything that comes from the user (config, log, names the engine quotes back) is pasted into
// GitHub, GitLab, Slack... so it must render as inert text there: names go in code spans that no
// backtick can close, free text has Markdown and HTML syntax escaped, blocks go in fences longer than
// any backtick run inside, and invisible/bidi characters become visible escapes (⟨U+202E⟩).
import { t } from '../shared/i18n.js';
import { toYaml, quoteStyleOf } from '../shared/yaml-emit.js';
import { visibleText } from '../shared/unicode.js';
import { traceText } from './render.js';

const longestRun = (text, ch) => Math.max(0, ...(String(text).match(new RegExp(`${ch}+`, 'g')) || []).map((r) => r.length));

/** A fenced block no line of `text` can close (CommonMark: a fence closes on a run at least as long). */
export function fence(lang, text) {
  const ticks = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${ticks}${lang}\n${visibleText(text).replace(/\n$/, '')}\n${ticks}`;
}

/** An inline code span on one line that no backtick inside can close. */
export function code(text) {
  const s = visibleText(String(text).replace(/\r?\n|\r/g, ' '));
  const ticks = '`'.repeat(longestRun(s, '`') + 1);
  const pad = s.startsWith('`') || s.endsWith('`') || /^ .* $/.test(s) ? ' ' : '';
  return `${ticks}${pad}${s}${pad}${ticks}`;
}

/** Free text on one line with every Markdown/HTML-significant character backslash-escaped. */
export function text(s) {
  return visibleText(String(s).replace(/\r?\n|\r/g, ' ')).replace(/[\\`*_{}[\]()<>#+!|~&:-]/g, '\\$&');
}

/** Engine sentences quote names in backticks: those parts as code spans, the rest as escaped text. */
export function sentence(s) {
  return String(s).split('`').map((p, i) => (i % 2 === 1 ? code(p) : text(p))).join('');
}

/**
 * The share link as a Markdown link destination: http(s) only, and percent-encoded so that no
 * character of it can end the link or start markup. Null for anything else.
 */
export function markdownUrl(url) {
  let u;
  try { u = new URL(String(url)); } catch { return null; }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  return u.href.replace(/[()<>`'"\s\\[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * shareUrl: null, or a link already made safe with markdownUrl() (or the caller's placeholder for
 * one), inserted as is.
 */
export function buildMarkdown(result, { config, log, shareUrl }) {
  const out = [`## ${t('md.title')}`, ''];
  const denials = result.denials || [];
  if (!denials.length) out.push(`- ${t('verdict.none')}`, '');
  denials.forEach((d, i) => {
    if (denials.length > 1) out.push(`### ${i + 1}. ${code(d.action)}`, '');
    out.push(
      `- **${t('md.decision')}:** ${code(d.decision)} — ${text(t(`decision.${d.decision}`))}`,
      `- **${t('field.action')}:** ${code(d.action)}`,
      `- **${t('field.resource')}:** ${d.resource ? code(d.resource) : t('resource.none')}`,
      `- **${t('field.principal')}:** ${code((d.principal && d.principal.arn) || '?')}`,
      `- **${t('field.function')}:** ${d.function ? code(d.function) : t('function.none')}${d.role ? ` (${code(d.role)})` : ''}`,
      '');
    const trace = (d.trace || []).filter((r) => typeof r === 'string' || (r && r.text)).map(traceText);
    if (trace.length) out.push(`**${t('md.trace')}**`, '', ...trace.map((s) => `1. ${sentence(s)}`), '');
    const fix = d.fix || {};
    if (fix.kind && fix.kind !== 'none') {
      out.push(`**${t('md.fix')}:** ${text(t(`fix.kind.${fix.kind}`))}${fix.verified ? ` (${t('fix.verified')})` : ''}`, '');
      if (fix.statement) out.push(fence('yaml', toYaml([fix.statement], 0, { quote: quoteStyleOf(fix.patch) })), '');
      if (fix.patch) out.push(fence('diff', fix.patch), '');
    }
  });
  out.push('<details><summary>serverless.yml</summary>', '', fence('yaml', config), '', '</details>', '');
  out.push('<details><summary>log</summary>', '', fence('text', log), '', '</details>', '');
  if (shareUrl) out.push(`[${t('md.open')}](${shareUrl})`, '');
  out.push(`<sub>${text(t('md.generated', { engine: result.engine || '?', catalog: result.catalog || '?' }))}</sub>`, '');
  return out.join('\n');
}
