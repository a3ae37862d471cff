// Renders the explain output (CONTRACT.md §2) into the result panes. Pure DOM building from data;
// callbacks (jump to line, copy, apply) are passed in by main.js.
import { h, clear } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { parseUnifiedDiff } from '../shared/diff.js';
import { toYaml } from '../shared/yaml-emit.js';

const UNSEEN = ['scp', 'rcp', 'resource_policy', 'session_policy', 'permissions_boundary', 'vpce_policy'];
const asList = (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

export function decisionBadge(decision, extra = {}) {
  const d = decision || 'Undetermined';
  return h('span', { class: `badge decision decision-${d}`, 'data-testid': 'decision', ...extra }, d);
}

/** The banner above the tabs: one line per denial. */
export function renderVerdict(el, result, { selected, onSelect }) {
  clear(el);
  const denials = result.denials || [];
  if (!denials.length) {
    el.append(h('div', { class: 'verdict verdict-empty' },
      h('strong', null, t('verdict.none')), h('p', { class: 'muted' }, t('verdict.noneHint'))));
    return;
  }
  if (denials.length > 1) el.append(h('p', { class: 'muted verdict-count' }, t('verdict.count', { n: denials.length })));
  const list = h('div', { class: 'verdict-list', role: denials.length > 1 ? 'tablist' : null, 'aria-label': t('verdict.count', { n: denials.length }) });
  denials.forEach((d, i) => {
    const item = h(denials.length > 1 ? 'button' : 'div', {
      class: `verdict${i === selected ? ' selected' : ''}`,
      type: denials.length > 1 ? 'button' : null,
      role: denials.length > 1 ? 'tab' : null,
      'aria-selected': denials.length > 1 ? String(i === selected) : null,
      onclick: denials.length > 1 ? () => onSelect(i) : null,
    },
    h('div', { class: 'verdict-top' }, decisionBadge(d.decision), h('code', { class: 'verdict-action', 'data-testid': 'denied-action' }, d.action || '?')),
    h('p', { class: 'verdict-text' }, t(`decision.${d.decision}`) || ''),
    );
    list.append(item);
  });
  el.append(list);
}

function kv(label, value, opts = {}) {
  return [h('dt', null, label), h('dd', opts, value)];
}

export function renderWhy(el, denial, { onJumpLog }) {
  clear(el);
  if (!denial) { el.append(h('p', { class: 'muted' }, t('verdict.none'))); return; }
  const p = denial.principal || {};
  el.append(
    h('h3', null, t('why.request')),
    h('dl', { class: 'kv' },
      kv(t('field.decision'), decisionBadge(denial.decision)),
      kv(t('field.action'), h('code', null, denial.action || '?')),
      denial.operation ? kv(t('field.operation'), h('code', null, `${denial.service || ''} ${denial.operation}`.trim())) : null,
      kv(t('field.resource'), denial.resource ? h('code', null, denial.resource) : h('span', { class: 'muted' }, t('resource.none'))),
      kv(t('field.principal'), h('code', { class: 'wrap' }, p.arn || '?')),
      kv(t('field.function'), denial.function ? h('code', null, denial.function) : h('span', { class: 'muted' }, t('function.none'))),
      denial.role ? kv(t('field.role'), h('code', null, denial.role)) : null,
      kv(t('field.errorCode'), h('code', null, denial.errorCode || '?')),
      kv(t('field.reason'), h('span', null, t(`reason.${denial.reason || 'unspecified'}`))),
      denial.line ? kv(t('field.logLine'), h('button', { type: 'button', class: 'link', onclick: () => onJumpLog(denial.line) }, t('role.line', { n: denial.line }))) : null,
    ),
  );
  const trace = asList(denial.trace);
  if (trace.length) {
    el.append(h('h3', null, t('why.trace')), h('ol', { class: 'trace', 'data-testid': 'trace' },
      trace.map((rec) => h('li', { class: `trace-item trace-${rec.kind || rec.type || 'note'}` }, traceText(rec)))));
  }
  // Policy types the config cannot show; the one the message names goes first.
  const named = UNSEEN.includes(denial.reason) ? denial.reason : null;
  const unseen = asList(denial.unseen || denial.notVisible || denial.invisiblePolicies);
  const kinds = unseen.length ? unseen.map(String) : UNSEEN;
  el.append(h('h3', null, t('why.unseen')), h('p', { class: 'muted small' }, t('why.unseenNote')),
    h('ul', { class: 'unseen' }, [...(named ? [named] : []), ...kinds.filter((k) => k !== named)].map((k) =>
      h('li', { class: k === named ? 'named' : null }, t(`unseen.${k}`) === `unseen.${k}` ? k : t(`unseen.${k}`),
        k === named ? h('span', { class: 'badge warn' }, t('unseen.named')) : null))));
}

export function traceText(rec) {
  if (typeof rec === 'string') return rec;
  if (rec.text) return rec.text;
  if (rec.message) return rec.message;
  return JSON.stringify(rec);
}

export function renderFix(el, denial, result, handlers) {
  clear(el);
  if (!denial) { el.append(h('p', { class: 'muted' }, t('fix.nothing'))); return; }
  const fix = denial.fix || { kind: 'none' };
  el.append(h('div', { class: 'fix-head' },
    h('h3', null, t(`fix.kind.${fix.kind}`) || fix.kind),
    fix.kind === 'add-statement' || fix.kind === 'remove-deny'
      ? h('span', { class: `badge ${fix.verified ? 'ok' : 'warn'}`, 'data-testid': 'fix-verified' }, fix.verified ? '✓ ' + t('fix.verified') : t('fix.unverified'))
      : null));
  for (const key of ['text', 'explanation', 'summary', 'who']) {
    if (typeof fix[key] === 'string' && fix[key]) el.append(h('p', null, fix[key]));
  }
  if (fix.kind === 'outside-config') el.append(h('p', { class: 'callout warn' }, t('fix.outsideNote')));
  if (fix.statement) {
    el.append(h('h4', null, t('fix.statement')),
      h('pre', { class: 'code statement', 'data-testid': 'fix-statement', tabindex: '0' }, toYaml([fix.statement])));
  }
  if (fix.patch) {
    el.append(h('h4', null, t('fix.diff')), renderDiff(fix.patch),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn primary', 'data-testid': 'apply-fix', onclick: () => handlers.onApply(fix.patch) }, t('fix.apply')),
        h('button', { type: 'button', class: 'btn', onclick: () => handlers.onCopy(fix.patch) }, t('fix.copyPatch')),
        h('button', { type: 'button', class: 'btn', onclick: () => handlers.onCopySuggestion(fix.patch) }, t('fix.copySuggestion'))));
  }
  // Blast radius: who else gets the permission.
  const role = (result.roles || []).find((r) => r.logicalId === denial.role);
  const blast = [];
  if (role && fix.kind === 'add-statement') {
    const fns = asList(role.functions);
    blast.push(t('fix.blastFunctions', { role: role.logicalId, n: fns.length, list: fns.join(', ') || '—' }));
  }
  if (fix.statement) {
    const actions = asList(fix.statement.Action);
    if (actions.length) blast.push(t('fix.blastActions', { n: actions.length, list: actions.join(', ') }));
    if (asList(fix.statement.Resource).includes('*')) blast.push(t('fix.blastWildcard'));
  }
  for (const b of asList(fix.blastRadius)) blast.push(typeof b === 'string' ? b : b.text || b.message || JSON.stringify(b));
  if (blast.length) el.append(h('h4', null, t('fix.blast')), h('ul', { class: 'blast' }, blast.map((b) => h('li', null, b))));
  // Lint warnings: the fix's own plus the engine's warning diagnostics.
  const lint = [...asList(fix.warnings), ...asList(fix.lint), ...(result.diagnostics || []).filter((d) => d.severity === 'warning')];
  if (lint.length) {
    el.append(h('h4', null, t('fix.lint')), h('ul', { class: 'lint' }, lint.map((w) =>
      h('li', null, typeof w === 'string' ? w : [w.code ? h('code', { class: 'code-tag' }, w.code) : null, ' ', w.text || w.message || JSON.stringify(w)]))));
  }
}

export function renderDiff(patch) {
  const hunks = parseUnifiedDiff(patch);
  const table = h('div', { class: 'diff', role: 'table', 'aria-label': t('fix.diff'), 'data-testid': 'fix-diff', tabindex: '0' });
  for (const hk of hunks) {
    table.append(h('div', { class: 'diff-hunk', role: 'row' }, h('span', { role: 'cell' }, hk.header)));
    let o = hk.oldStart, n = hk.newStart;
    for (const l of hk.lines) {
      const cls = l.op === '+' ? 'add' : l.op === '-' ? 'del' : 'ctx';
      table.append(h('div', { class: `diff-line ${cls}`, role: 'row' },
        h('span', { class: 'ln', role: 'cell' }, l.op === '+' ? '' : o),
        h('span', { class: 'ln', role: 'cell' }, l.op === '-' ? '' : n),
        h('span', { class: 'op', role: 'cell', 'aria-hidden': 'true' }, l.op === ' ' ? '' : l.op),
        h('span', { class: 'txt', role: 'cell' }, l.text || ' ')));
      if (l.op !== '+') o++;
      if (l.op !== '-') n++;
    }
  }
  return table;
}

export function renderRoles(el, result, { onJumpConfig, selectedRole }) {
  clear(el);
  const roles = result.roles || [];
  if (!roles.length) { el.append(h('p', { class: 'muted' }, t('role.none'))); return; }
  for (const role of roles) {
    const card = h('section', { class: `role-card${role.logicalId === selectedRole ? ' focus' : ''}`, 'aria-label': role.logicalId });
    card.append(h('header', null,
      h('h3', null, h('code', null, role.logicalId)),
      role.roleName ? h('div', { class: 'muted small wrap' }, typeof role.roleName === 'string' ? role.roleName : JSON.stringify(role.roleName)),
      h('div', { class: 'chips' }, h('span', { class: 'muted small' }, t('role.functions') + ':'),
        asList(role.functions).map((f) => h('span', { class: 'chip' }, f)))));
    const rows = asList(role.statements).map((s) => {
      const src = s.source || {};
      return h('tr', { class: `effect-${s.Effect}` },
        h('td', null, h('span', { class: `badge ${s.Effect === 'Deny' ? 'bad' : 'ok'}` }, s.Effect)),
        h('td', null, asList(s.Action || s.NotAction).map((a) => h('code', { class: 'cell-item' }, typeof a === 'string' ? a : JSON.stringify(a)))),
        h('td', null, asList(s.Resource || s.NotResource).map((r) => h('code', { class: 'cell-item wrap' }, typeof r === 'string' ? r : JSON.stringify(r)))),
        h('td', null, h('span', { class: `src src-${src.kind}` }, t(`source.${src.kind}`) === `source.${src.kind}` ? src.kind || '' : t(`source.${src.kind}`)),
          src.line ? [' ', h('button', { type: 'button', class: 'link', 'aria-label': t('role.jump', { n: src.line }), onclick: () => onJumpConfig(src.line) }, t('role.line', { n: src.line }))] : null));
    });
    card.append(h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': role.logicalId },
      h('table', { class: 'statements' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('role.effect')), h('th', { scope: 'col' }, t('role.action')), h('th', { scope: 'col' }, t('role.resource')), h('th', { scope: 'col' }, t('role.source')))),
        h('tbody', null, rows))));
    const managed = asList(role.managedPolicyArns);
    if (managed.length) card.append(h('p', { class: 'small' }, t('role.managed') + ': ', managed.map((m) => h('code', { class: 'cell-item' }, typeof m === 'string' ? m : JSON.stringify(m)))));
    if (role.permissionsBoundary) card.append(h('p', { class: 'small' }, t('role.boundary') + ': ', h('code', null, typeof role.permissionsBoundary === 'string' ? role.permissionsBoundary : JSON.stringify(role.permissionsBoundary))));
    el.append(card);
  }
}

export function renderDiagnostics(el, diagnostics, { onJump }) {
  clear(el);
  if (!diagnostics.length) { el.append(h('p', { class: 'muted' }, t('diag.none'))); return; }
  el.append(h('ul', { class: 'diagnostics', 'data-testid': 'diagnostics' }, diagnostics.map((d) => diagnosticItem(d, onJump))));
}

export function diagnosticItem(d, onJump) {
  const where = d.line ? `${t(`diag.file.${d.file}`) === `diag.file.${d.file}` ? d.file || '' : t(`diag.file.${d.file}`)} ${d.line}:${d.column || 1}` : t(`diag.file.${d.file}`) === `diag.file.${d.file}` ? d.file || '' : t(`diag.file.${d.file}`);
  return h('li', { class: `diag diag-${d.severity}` },
    h('span', { class: `sev sev-${d.severity}` }, t(`diag.${d.severity}`)),
    h('code', { class: 'code-tag' }, d.code),
    d.line && (d.file === 'config' || d.file === 'log')
      ? h('button', { type: 'button', class: 'link where', 'aria-label': t('diag.goto', { file: d.file, line: d.line, col: d.column || 1 }), onclick: () => onJump(d) }, where)
      : h('span', { class: 'where' }, where),
    h('span', { class: 'msg' }, d.message));
}

export function renderCfn(el, template, format, handlers) {
  clear(el);
  const bar = h('div', { class: 'actions', role: 'group', 'aria-label': t('cfn.format') },
    ['json', 'yaml'].map((f) => h('button', { type: 'button', class: `btn seg${f === format ? ' active' : ''}`, 'aria-pressed': String(f === format), onclick: () => handlers.onFormat(f) }, t(`cfn.${f}`))),
    h('button', { type: 'button', class: 'btn', onclick: () => handlers.onCopy(text) }, t('cfn.copy')));
  const has = template && template.Resources;
  const text = has ? (format === 'yaml' ? toYaml(template) : JSON.stringify(template, null, 2)) : '';
  el.append(bar, has ? h('pre', { class: 'code cfn', tabindex: '0', 'data-testid': 'cfn' }, text) : h('p', { class: 'muted' }, t('cfn.empty')));
}
