// "Copy as Markdown report": a compact report for an issue or a chat message.
import { t } from '../shared/i18n.js';
import { toYaml } from '../shared/yaml-emit.js';
import { traceText } from './render.js';

const fence = (lang, text) => {
  const ticks = /```/.test(text) ? '````' : '```';
  return `${ticks}${lang}\n${text.replace(/\n$/, '')}\n${ticks}`;
};

export function buildMarkdown(result, { config, log, shareUrl }) {
  const out = [`## ${t('md.title')}`, ''];
  const denials = result.denials || [];
  if (!denials.length) out.push(`- ${t('verdict.none')}`, '');
  denials.forEach((d, i) => {
    if (denials.length > 1) out.push(`### ${i + 1}. \`${d.action}\``, '');
    out.push(
      `- **${t('md.decision')}:** \`${d.decision}\` — ${t(`decision.${d.decision}`)}`,
      `- **${t('field.action')}:** \`${d.action}\``,
      `- **${t('field.resource')}:** ${d.resource ? '`' + d.resource + '`' : t('resource.none')}`,
      `- **${t('field.principal')}:** \`${(d.principal && d.principal.arn) || '?'}\``,
      `- **${t('field.function')}:** ${d.function ? '`' + d.function + '`' : t('function.none')}${d.role ? ` (\`${d.role}\`)` : ''}`,
      '');
    const trace = (d.trace || []).filter((r) => typeof r === 'string' || (r && r.text)).map(traceText);
    if (trace.length) out.push(`**${t('md.trace')}**`, '', ...trace.map((s) => `1. ${s}`), '');
    const fix = d.fix || {};
    if (fix.kind && fix.kind !== 'none') {
      out.push(`**${t('md.fix')}:** ${t(`fix.kind.${fix.kind}`)}${fix.verified ? ` (${t('fix.verified')})` : ''}`, '');
      if (fix.statement) out.push(fence('yaml', toYaml([fix.statement])), '');
      if (fix.patch) out.push(fence('diff', fix.patch), '');
    }
  });
  out.push('<details><summary>serverless.yml</summary>', '', fence('yaml', config), '', '</details>', '');
  out.push('<details><summary>log</summary>', '', fence('text', log), '', '</details>', '');
  if (shareUrl) out.push(`[${t('md.open')}](${shareUrl})`, '');
  out.push(`<sub>${t('md.generated', { engine: result.engine || '?', catalog: result.catalog || '?' })}</sub>`, '');
  return out.join('\n');
}
