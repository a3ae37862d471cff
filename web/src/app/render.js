// Renders the explain output (CONTRACT.md §2) into the result panes. Pure DOM building from data;
// callbacks (jump to line, copy, apply) are passed in by main.js.
import { h, clear } from '../shared/dom.js';
import { t, getLocale } from '../shared/i18n.js';
import { DIAG_JA } from '../shared/diag-ja.js';
import { parseUnifiedDiff } from '../shared/diff.js';
import { toYaml, quoteStyleOf } from '../shared/yaml-emit.js';

const UNSEEN = ['scp', 'rcp', 'resource_policy', 'session_policy', 'permissions_boundary', 'vpce_policy'];
const asList = (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/** Engine sentences quote names in backticks: show those as code. */
export function rich(text) {
  const parts = String(text).split('`');
  return parts.map((p, i) => (i % 2 === 1 ? h('code', null, p) : p));
}

export function decisionBadge(decision, extra = {}) {
  const d = decision || 'Undetermined';
  return h('span', { class: `badge decision decision-${d}`, 'data-testid': 'decision', ...extra }, d);
}

/** The banner above the tabs: one line per denial. */
export function renderVerdict(el, result, { selected, onSelect, stale = null }) {
  clear(el);
  const denials = result.denials || [];
  // The answer on screen is not for the current inputs: say why, and mark it.
  if (stale) el.append(staleNotice(stale, denials.length > 0));
  if (stale && !denials.length) return;
  if (!denials.length) {
    el.append(h('div', { class: 'verdict verdict-empty' },
      h('strong', null, t('verdict.none')), h('p', { class: 'muted' }, t('verdict.noneHint'))));
    return;
  }
  if (denials.length > 1) el.append(h('p', { class: 'muted verdict-count' }, t('verdict.count', { n: denials.length })));
  const many = denials.length > 1;
  const list = h('div', { class: 'verdict-list', role: many ? 'group' : null, 'aria-label': many ? t('verdict.count', { n: denials.length }) : null });
  denials.forEach((d, i) => {
    const item = h(many ? 'button' : 'div', {
      class: `verdict${i === selected ? ' selected' : ''}`,
      type: many ? 'button' : null,
      'aria-pressed': many ? String(i === selected) : null,
      onclick: many ? () => onSelect(i) : null,
    },
    h('div', { class: 'verdict-top' }, decisionBadge(d.decision), h('code', { class: 'verdict-action', 'data-testid': 'denied-action' }, d.action || '?')),
    h('p', { class: 'verdict-text' }, t(`decision.${d.decision}`) || ''),
    );
    list.append(item);
  });
  el.append(list);
}

function staleNotice(stale, hasResult) {
  const d = stale.diagnostic || {};
  const where = d.line ? `${d.line}:${d.column || 1}` : '';
  const msg = stale.reason === 'syntax'
    ? t(hasResult ? 'stale.syntax' : 'stale.syntaxNone', { code: d.code || '', where })
    : t(hasResult ? 'stale.cancelled' : 'stale.cancelledNone');
  const detail = stale.reason === 'syntax' && d.message
    ? h('p', { class: 'small stale-detail' }, h('code', { class: 'code-tag' }, d.code || ''), ' ', getLocale() === 'ja' && DIAG_JA[d.code] ? DIAG_JA[d.code] : rich(d.message))
    : null;
  return h('div', { class: `verdict-stale stale-${stale.reason}`, role: 'status', 'data-testid': 'stale', 'data-reason': stale.reason },
    h('strong', null, msg), detail);
}

function kv(label, value, opts = {}) {
  return [h('dt', null, label), h('dd', opts, value)];
}

export function renderWhy(el, denial, { onJumpLog, onJumpConfig }) {
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
  const sentences = trace.filter((r) => typeof r === 'string' || (r && (r.text || r.message)));
  const structured = trace.filter((r) => r && typeof r === 'object' && !r.text && !r.message);
  const said = new Set(sentences.map(traceText));
  const matched = asList(denial.explanation).map(traceText).filter((x) => x && !said.has(x));
  if (matched.length) el.append(h('h3', null, t('why.matched')), h('ul', { class: 'trace-notes' }, matched.map((x) => h('li', null, rich(x)))));
  if (sentences.length) {
    el.append(h('h3', null, t('why.trace')), h('ol', { class: 'trace', 'data-testid': 'trace' },
      sentences.map((rec) => {
        const line = rec && typeof rec === 'object' ? (rec.args && rec.args.line) || (rec.source && rec.source.line) : null;
        return h('li', { class: 'trace-item' }, rich(traceText(rec)),
          line && onJumpConfig ? [' ', h('button', { type: 'button', class: 'link small', 'aria-label': t('role.jump', { n: line }), onclick: () => onJumpConfig(line) }, t('role.line', { n: line }))] : null);
      })));
  }
  if (structured.length) el.append(renderEvaluation(structured, onJumpConfig));
  // Policy types the config cannot show; the one the message names goes first.
  const named = UNSEEN.includes(denial.reason) ? denial.reason : null;
  const unseen = asList(denial.unseen || denial.notVisible || denial.invisiblePolicies);
  // A policy the engine did evaluate (a key policy in `resources`, a boundary in the config) is seen.
  const seen = new Set(structured.filter((r) => r.kind === 'policy').map((r) => ({ resource: 'resource_policy', permissionsBoundary: 'permissions_boundary', session: 'session_policy', scp: 'scp', rcp: 'rcp' })[r.policyType]));
  const kinds = (unseen.length ? unseen.map(String) : UNSEEN).filter((k) => !seen.has(k));
  el.append(h('h3', null, t('why.unseen')), h('p', { class: 'muted small' }, t('why.unseenNote')),
    h('ul', { class: 'unseen' }, [...(named ? [named] : []), ...kinds.filter((k) => k !== named)].map((k) =>
      h('li', { class: k === named ? 'named' : null }, t(`unseen.${k}`) === `unseen.${k}` ? k : t(`unseen.${k}`),
        k === named ? h('span', { class: 'badge warn' }, t('unseen.named')) : null))));
}

const mark = (ok) => h('span', { class: ok ? 'ok-mark' : 'no-mark', 'aria-label': ok ? t('eval.matched') : t('eval.notMatched') }, ok ? '✓' : '✗');

function elementCell(el) {
  if (!el || !el.element) return null;
  const vals = asList(el.matchedValues);
  return h('span', { class: 'el' }, mark(el.matched), ' ', el.element, vals.length ? [' ', vals.map((v) => h('code', { class: 'small' }, String(v)))] : null,
    el.matchKind && el.matchKind !== 'none' ? h('span', { class: 'muted small' }, ` (${el.matchKind})`) : null);
}

/** The structured evaluation records (docs/trace.md), in a collapsible table. */
// Whether the reader opened "Evaluation details": kept across re-analysis (each keystroke re-renders the pane).
let evaluationOpen = false;

function renderEvaluation(records, onJumpConfig) {
  const box = h('details', { class: 'evaluation', 'data-testid': 'evaluation' }, h('summary', null, t('eval.title')));
  box.open = evaluationOpen;
  box.addEventListener('toggle', () => { evaluationOpen = box.open; });
  for (const r of records) {
    if (r.kind === 'request') {
      const ctx = r.context && typeof r.context === 'object' ? Object.entries(r.context) : [];
      box.append(h('div', { class: 'eval-block' }, h('strong', null, t('eval.request')), ' ',
        h('code', null, r.action || '?'), ' → ', h('code', { class: 'wrap' }, r.resource || '*'),
        ctx.length ? h('div', { class: 'small muted' }, t('eval.context'), ' ', ctx.map(([k, v]) => h('code', { class: 'small ctx' }, `${k}=${Array.isArray(v) ? v.join(',') : v}`))) : null,
        asList(r.ignoredContextKeys).length ? h('div', { class: 'small muted' }, t('eval.ignored'), ' ', asList(r.ignoredContextKeys).map((k) => h('code', { class: 'small ctx' }, k))) : null));
    } else if (r.kind === 'policy') {
      const src = r.source || {};
      box.append(h('div', { class: 'eval-block' },
        h('div', null, h('span', { class: `badge ${r.result === 'deny' ? 'bad' : r.result === 'allow' ? 'ok' : ''}`, 'data-result': r.result || 'none' },
          ['allow', 'deny'].includes(r.result) ? t(`eval.result.${r.result}`) : t('eval.result.none')), ' ',
          h('strong', null, t(`ptype.${r.policyType}`) === `ptype.${r.policyType}` ? r.policyType : t(`ptype.${r.policyType}`)), ' ',
          h('code', null, r.policy || ''),
          src.kind ? h('span', { class: 'muted small' }, ` · ${t(`source.${src.kind}`) === `source.${src.kind}` ? src.kind : t(`source.${src.kind}`)}`) : null,
          src.line && onJumpConfig ? [' ', h('button', { type: 'button', class: 'link small', onclick: () => onJumpConfig(src.line) }, t('role.line', { n: src.line }))] : null),
        h('ul', { class: 'eval-statements' }, asList(r.statements).map((st) => h('li', null,
          h('span', { class: 'muted small' }, `#${st.index}${st.sid ? ` ${st.sid}` : ''} `), h('span', { class: `badge ${st.effect === 'Deny' ? 'bad' : 'ok'}` }, st.effect), ' ',
          elementCell(st.action), ' ', elementCell(st.resource), ' ', elementCell(st.principal),
          asList(st.conditions).map((c) => h('span', { class: 'el' }, ' ', mark(c.outcome === 'matched'), ' ', h('code', { class: 'small' }, `${c.operator} ${c.key}`), h('span', { class: 'muted small' }, ` (${c.outcome})`))),
          ' → ', h('strong', null, st.applies ? t('eval.applies') : t('eval.notApplies')))))));
    } else if (r.kind === 'decision') {
      box.append(h('div', { class: 'eval-block' }, h('strong', null, t('field.decision')), ' ', decisionBadge(r.decision, { 'data-testid': null }), ' ',
        h('code', { class: 'small' }, r.reasonClass || ''), r.decidedBy ? h('span', { class: 'muted small' }, ` · ${t('eval.decidedBy')} ${r.decidedBy}`) : null));
    } else {
      box.append(h('pre', { class: 'code small' }, JSON.stringify(r, null, 2)));
    }
  }
  return box;
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
    h('h3', { 'data-testid': 'fix-kind', 'data-kind': fix.kind }, t(`fix.kind.${fix.kind}`) || fix.kind),
    fix.kind === 'add-statement' || fix.kind === 'remove-deny'
      ? h('span', { class: `badge ${fix.verified ? 'ok' : 'warn'}`, 'data-testid': 'fix-verified' }, fix.verified ? '✓ ' + t('fix.verified') : t('fix.unverified'))
      : null));
  const notes = [...asList(fix.explanation), ...asList(fix.text)].map(traceText).filter(Boolean);
  if (notes.length) el.append(h('ul', { class: 'fix-notes', 'data-testid': 'fix-notes' }, notes.map((x) => h('li', null, rich(x)))));
  if (fix.kind === 'outside-config') el.append(h('p', { class: 'callout warn' }, t('fix.outsideNote')));
  const request = fix.request && (typeof fix.request === 'string' ? fix.request : fix.request.text);
  if (request) {
    el.append(h('h4', null, t('fix.request')), h('blockquote', { class: 'request', 'data-testid': 'fix-request' }, rich(request)),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', onclick: () => handlers.onCopy(request) }, t('fix.copyRequest'))));
  }
  // The engine keeps one merged patch: several denials may carry the very same patch. Say so, and
  // name every denial it fixes, instead of letting it pass as this denial's patch alone.
  const sharers = fix.patch ? (result.denials || []).filter((d) => d && d.fix && d.fix.patch === fix.patch) : [];
  const merged = sharers.length > 1;
  if (merged) {
    el.append(h('div', { class: 'callout info', 'data-testid': 'fix-shared' },
      h('p', null, t('fix.sharedPatch', { n: sharers.length })),
      h('ul', { class: 'shared-list' }, sharers.map((d) => h('li', null, h('code', null, d.action || '?'),
        d.resource ? [' ', h('span', { class: 'muted small' }, t('fix.sharedOn')), ' ', h('code', { class: 'wrap' }, d.resource)] : null,
        d === denial ? h('span', { class: 'muted small' }, ` ${t('fix.sharedThis')}`) : null)))));
  }
  if (fix.statement) {
    el.append(h('h4', null, merged ? t('fix.statementFor', { action: denial.action || '?' }) : t('fix.statement')),
      h('pre', { class: 'code statement', 'data-testid': 'fix-statement', tabindex: '0' }, toYaml([fix.statement], 0, { quote: quoteStyleOf(fix.patch) })));
  }
  if (fix.patch) {
    el.append(h('h4', null, t('fix.diff')), renderDiff(fix.patch),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn primary', 'data-testid': 'apply-fix', onclick: () => handlers.onApply(fix.patch) }, t('fix.apply')),
        h('button', { type: 'button', class: 'btn', onclick: () => handlers.onCopy(fix.patch) }, t('fix.copyPatch')),
        h('button', { type: 'button', class: 'btn', onclick: () => handlers.onCopySuggestion(fix.patch) }, t('fix.copySuggestion'))));
  }
  // Several denials: the engine also gives one combined patch for all of them.
  const all = result.patch && typeof result.patch === 'object' ? result.patch : null;
  if (all && all.diff && (result.denials || []).length > 1) {
    el.append(h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn', 'data-testid': 'apply-all', onclick: () => handlers.onApply(all.diff) }, t('fix.applyAll')),
      all.verified ? h('span', { class: 'badge ok' }, '✓ ' + t('fix.verifiedAll')) : null));
  }
  // Blast radius: who else gets the permission (role sharing), then what it grants (the engine's
  // sentences when it gives them, else ours from the statement).
  const role = (result.roles || []).find((r) => r.logicalId === denial.role);
  const blast = [];
  if (role && fix.kind === 'add-statement') {
    const fns = asList(role.functions);
    blast.push(t('fix.blastFunctions', { role: role.logicalId, n: fns.length, list: fns.join(', ') || '—' }));
  }
  const blastOf = (d) => (d.fix && d.fix.blastRadius && typeof d.fix.blastRadius === 'object' && !Array.isArray(d.fix.blastRadius) ? d.fix.blastRadius : null);
  const br = blastOf(denial);
  // A merged patch grants what every denial it fixes needs: the union of their actions. The engine's
  // per-denial sentences ("newly allows 1 action(s)") describe one denial only, so they are replaced
  // by the sum; its flags (write access, wildcards) are kept once each.
  const radii = merged ? sharers.map(blastOf).filter(Boolean) : br ? [br] : [];
  const acts = [];
  const seenActs = new Set();
  for (const r of radii) for (const a of Array.isArray(r.actions) ? r.actions : []) if (a && !seenActs.has(a.action)) { seenActs.add(a.action); acts.push(a); }
  let engineBlast = [];
  if (merged && radii.length) {
    const flags = new Set();
    for (const r of radii) for (const x of asList(r.explanation)) if (!(x && x.key === 'blast.summary')) { const s = traceText(x); if (s) flags.add(s); }
    engineBlast = [t('fix.blastMerged', { n: acts.length || sharers.length, list: (acts.length ? acts.map((a) => a.action) : sharers.map((d) => d.action)).join(', ') }), ...flags];
  } else if (br) engineBlast = asList(br.explanation).map(traceText).filter(Boolean);
  if (engineBlast.length) blast.push(...engineBlast);
  else if (fix.statement && fix.kind === 'add-statement') {
    const actions = asList(fix.statement.Action);
    if (actions.length) blast.push(t('fix.blastActions', { n: actions.length, list: actions.join(', ') }));
    if (asList(fix.statement.Resource).includes('*')) blast.push(t('fix.blastWildcard'));
  }
  if (blast.length) el.append(h('h4', null, t('fix.blast')), h('ul', { class: 'blast', 'data-testid': 'blast-radius' }, blast.map((b) => h('li', null, rich(b)))));
  if (acts.length) {
    el.append(h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('fix.blast') },
      h('table', { class: 'statements' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('role.action')), h('th', { scope: 'col' }, t('fix.accessLevel')))),
        h('tbody', null, acts.map((a) => h('tr', null, h('td', null, h('code', null, a.action)), h('td', null, a.accessLevel || '—')))))));
  }
  // Lint warnings: the fix's own plus the engine's warning diagnostics.
  const engineLint = asList(result.lint);
  const lintCodes = new Set(engineLint.map((w) => w && w.code));
  const lint = [...engineLint, ...(result.diagnostics || []).filter((d) => d.severity === 'warning' && !lintCodes.has(d.code))];
  if (lint.length) {
    el.append(h('h4', null, t('fix.lint')), h('ul', { class: 'lint', 'data-testid': 'lint' }, lint.map((w) =>
      h('li', null, typeof w === 'string' ? w : [w.code ? h('code', { class: 'code-tag' }, w.code) : null, ' ',
        // (An engine diagnostic's message is English; in Japanese its translation leads, as in the Diagnostics pane.)
        !w.text && getLocale() === 'ja' && DIAG_JA[w.code]
          ? h('span', null, DIAG_JA[w.code], h('span', { class: 'muted small', lang: 'en' }, ` — ${w.message}`))
          : rich(w.text || w.message || JSON.stringify(w)),
        w.line && handlers.onJumpConfig ? [' ', h('button', { type: 'button', class: 'link small', onclick: () => handlers.onJumpConfig(w.line) }, t('role.line', { n: w.line }))] : null]))));
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

/** CloudFormation intrinsics in the short form people write in serverless.yml. */
export function showValue(v) {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const [k] = keys;
      const x = v[k];
      if (k === 'Ref' && typeof x === 'string') return `!Ref ${x}`;
      if (k === 'Fn::Sub' && typeof x === 'string') return `!Sub ${x}`;
      if (k === 'Fn::GetAtt') return `!GetAtt ${Array.isArray(x) ? x.join('.') : x}`;
      if (k === 'Fn::ImportValue' && typeof x === 'string') return `!ImportValue ${x}`;
      if (k === 'Fn::Join' && Array.isArray(x) && Array.isArray(x[1])) return `!Join [${JSON.stringify(x[0])}, [${x[1].map(showValue).join(', ')}]]`;
    }
  }
  return JSON.stringify(v);
}

export function renderRoles(el, result, { onJumpConfig, selectedRole }) {
  clear(el);
  const roles = result.roles || [];
  if (!roles.length) { el.append(h('p', { class: 'muted' }, t('role.none'))); return; }
  for (const role of roles) {
    const card = h('section', { class: `role-card${role.logicalId === selectedRole ? ' focus' : ''}`, 'aria-label': role.logicalId });
    card.append(h('header', null,
      h('h3', null, h('code', null, role.logicalId)),
      role.roleName ? h('div', { class: 'muted small wrap' }, showValue(role.roleName)) : null,
      h('div', { class: 'chips' }, h('span', { class: 'muted small' }, t('role.functions') + ':'),
        asList(role.functions).map((f) => h('span', { class: 'chip' }, f)))));
    const rows = asList(role.statements).map((s) => {
      const src = s.source || {};
      return h('tr', { class: `effect-${s.Effect}` },
        h('td', null, h('span', { class: `badge ${s.Effect === 'Deny' ? 'bad' : 'ok'}` }, s.Effect)),
        h('td', null, asList(s.Action || s.NotAction).map((a) => h('code', { class: 'cell-item' }, showValue(a)))),
        h('td', null, asList(s.Resource || s.NotResource).map((r) => h('code', { class: 'cell-item wrap' }, showValue(r)))),
        h('td', null, h('span', { class: `src src-${src.kind}` }, t(`source.${src.kind}`) === `source.${src.kind}` ? src.kind || '' : t(`source.${src.kind}`)),
          src.line ? [' ', h('button', { type: 'button', class: 'link', 'aria-label': t('role.jump', { n: src.line }), onclick: () => onJumpConfig(src.line) }, t('role.line', { n: src.line }))] : null));
    });
    card.append(h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': role.logicalId },
      h('table', { class: 'statements' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('role.effect')), h('th', { scope: 'col' }, t('role.action')), h('th', { scope: 'col' }, t('role.resource')), h('th', { scope: 'col' }, t('role.source')))),
        h('tbody', null, rows))));
    const managed = asList(role.managedPolicyArns);
    if (managed.length) card.append(h('p', { class: 'small' }, t('role.managed') + ': ', managed.map((m) => h('code', { class: 'cell-item' }, showValue(m)))));
    if (role.permissionsBoundary) card.append(h('p', { class: 'small' }, t('role.boundary') + ': ', h('code', null, showValue(role.permissionsBoundary))));
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
    getLocale() === 'ja' && DIAG_JA[d.code]
      ? h('span', { class: 'msg' }, DIAG_JA[d.code], h('span', { class: 'muted small', lang: 'en' }, ` — ${d.message}`))
      : h('span', { class: 'msg' }, d.message));
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
