// The playground: editors, engine (Worker or main thread), result panes, share, gallery, i18n, theme.
import { createPlainEditor } from './plain-editor.js';
import { renderVerdict, renderWhy, renderFix, renderRoles, renderDiagnostics, renderCfn, diagnosticItem } from './render.js';
import { buildMarkdown, markdownUrl } from './markdown.js';
import { h, clear, $ } from '../shared/dom.js';
import { visibleText, findInvisible, codePointName } from '../shared/unicode.js';
import { t, detectLocale, setLocale, getLocale, applyTranslations } from '../shared/i18n.js';
import { applyTheme, followSystemTheme, themePref } from '../shared/theme.js';
import { createEngineFast, compileEngineModule } from '../shared/engine-client.js';
import { encodeState, decodeState, validateState, sharePayloadFromHash, MAX_LINK_CHARS } from '../shared/share.js';
import { redactScenario, applyRedaction } from '../shared/redact.js';
import { applyUnifiedDiff, githubSuggestion, suggestionRange } from '../shared/diff.js';
import { scriptUrl } from '../shared/trusted-types.js';

/* global __WD_BUILD__ */
performance.mark('wd:module');
const BUILD = __WD_BUILD__;
const ASSETS = new URL('.', import.meta.url);
const asset = (name) => new URL(name, ASSETS).href;
// The engine's WebAssembly file is the long pole of the first answer: index.html preloads it, and it is
// compiled here as soon as this module runs, while the page builds its editors and the Worker starts.
function engineModule() {
  return BUILD.stub || !BUILD.wasm ? null : compileEngineModule(asset(BUILD.wasm));
}
const wasmModule = engineModule();
if (wasmModule) wasmModule.then((m) => { if (m) performance.mark('wd:wasm-compiled'); });
const DEBOUNCE_MS = 250;
const CANCEL_AFTER_MS = 1000;

const state = {
  engine: null, engineVersion: null, catalog: null, catalogLoaded: false,
  result: null, selected: 0, tab: 'why', cfnFormat: 'json', template: null, templateFor: null,
  stale: null, lastGood: null,
  files: [], seq: 0, edits: 0, timer: null, inFlight: 0, doneKey: null, catalogDone: false, editorsReady: false, pageDiagnostics: [], analyses: 0, lastMs: null, firstResultAt: null,
};
// A small read-only hook for the tests and the benchmark (no user content is exposed beyond the page).
window.__whydenied = { state, ready: null };

let configEditor, logEditor;

function scenarioFromSeed() {
  return { config: BUILD.seed.config, log: BUILD.seed.log, opts: {} };
}

async function boot() {
  performance.mark('wd:boot');
  // Start the Worker + WASM download first: it is the long pole, editors are built meanwhile.
  // The first answer comes from the page's own instance of the engine when the Worker is not ready yet
  // (HandoverEngine); the Worker answers everything after that.
  const enginePromise = createEngineFast({
    engineUrl: asset(BUILD.engine), wasmUrl: asset(BUILD.wasm), workerUrl: asset(BUILD.worker), wasmModule,
  });
  enginePromise.catch(() => {});
  setLocale(detectLocale());
  applyTranslations();
  $('#lang-select').value = getLocale();
  $('#theme-select').value = themePref();
  followSystemTheme();
  // Shortcut hints in the platform's own words.
  const mac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
  for (const k of document.querySelectorAll('.kbd')) k.textContent = k.textContent.replace('⌘', mac ? '⌘' : 'Ctrl+');
  if (BUILD.stub) showBanner(t('stub.warning'), 'warn');

  let scenario = scenarioFromSeed();
  // A per-example page (examples/<id>/, made by the build) opens its example instead of the seed.
  const pageExample = BUILD.gallery.find((ex) => ex.id === document.documentElement.dataset.example);
  if (pageExample) scenario = { config: pageExample.config, log: pageExample.log, opts: pageExample.opts || {}, files: pageExample.files || {} };
  const payload = sharePayloadFromHash(location.hash);
  if (payload !== null) {
    const imported = await importLink(payload);
    if (imported) scenario = imported;
  }

  // Plain text areas first; CodeMirror (a lazy chunk) takes over after the first answer.
  configEditor = createPlainEditor({ parent: $('#config-editor'), doc: scenario.config, ariaLabel: t('editor.configAria'), onChange: scheduleAnalyse });
  logEditor = createPlainEditor({ parent: $('#log-editor'), doc: scenario.log, ariaLabel: t('editor.logAria'), onChange: scheduleAnalyse });
  window.__whydenied.editors = { config: configEditor, log: logEditor };
  setOpts(scenario.opts);
  setFiles(scenario.files);
  wireUi();
  renderGallery();
  if (pageExample) for (const b of document.querySelectorAll('.gallery-item')) b.classList.toggle('active', b.dataset.example === pageExample.id);

  performance.mark('wd:editors');
  window.__whydenied.ready = startEngine(enginePromise);
}

function editorKeys() {
  return [
    { key: 'Mod-Enter', run: () => { analyseNow(); return true; } },
    { key: 'Mod-s', run: () => { share(); return true; }, preventDefault: true },
  ];
}

async function startEngine(enginePromise) {
  setStatus(t('status.loading'));
  try {
    state.engine = await enginePromise;
    performance.mark('wd:engine');
    // Start-up breakdown for web/bench.mjs: the Worker's steps on this page's clock.
    const noteStartup = (su) => { if (su) state.startup = { workerStarted: su.startedAt - performance.timeOrigin, workerInit: su.initAt - performance.timeOrigin, engineReady: su.readyAt - performance.timeOrigin, precompiled: su.precompiled }; };
    noteStartup(state.engine.startup);
    if (state.engine.workerReady) state.engine.workerReady.then((w) => noteStartup(w.startup), () => {});
  } catch (err) {
    setStatus(t('status.failed'));
    state.pageDiagnostics.push({ severity: 'error', code: 'WD9610', message: t('WD9610', { detail: String(err && err.message || err) }), file: 'page', line: null, column: null });
    renderAll();
    return;
  }
  // The first answer goes first: every answer names the engine and catalog versions (analyseNow shows
  // them), so the version() round trip is only needed when that answer did not come.
  await analyseNow();
  if (!state.engineVersion) {
    try {
      const v = await state.engine.call('version');  // {engine, catalog} (older builds: a string)
      showEngineVersion(v && typeof v === 'object' ? v : { engine: v });
    } catch { /* the failed analysis already shows WD9610 */ }
  }
  // Then, off the critical path: the full editors, the catalog, and the service worker.
  const editorsReady = upgradeEditors();
  loadCatalogLater().then(() => editorsReady).finally(registerServiceWorker);
}

function showEngineVersion(v) {
  if (!v || v.engine === undefined || v.engine === null) return;
  state.engineVersion = String(v.engine);
  if (v.catalog && !state.catalog) state.catalog = String(v.catalog);
  $('#engine-version').textContent = state.engineVersion;
}

async function upgradeEditors() {
  try {
    const { createEditor } = await import('./editors.js');
    const swap = (old, parent, language, ariaLabel) => {
      const sel = old.selection();
      const text = old.text;
      old.destroy();
      return createEditor({ parent, doc: text, language, ariaLabel, onChange: scheduleAnalyse, extraKeys: editorKeys(), selection: sel });
    };
    configEditor = swap(configEditor, $('#config-editor'), 'yaml', t('editor.configAria'));
    logEditor = swap(logEditor, $('#log-editor'), 'text', t('editor.logAria'));
    window.__whydenied.editors = { config: configEditor, log: logEditor };
    renderAll(); // inline diagnostics into the new editors
  } catch {
    // Keep the plain editors: everything still works, without highlighting.
  } finally {
    state.editorsReady = true;
  }
}

// The heavy IAM catalog is fetched only after the first answer is on screen, then we re-analyse.
async function loadCatalogLater() {
  try {
    await loadCatalog();
  } finally {
    state.catalogDone = true;
  }
}

async function loadCatalog() {
  if (!BUILD.catalog) { $('#catalog-date').textContent = state.catalog || t('header.catalogBuiltin'); return; }
  $('#catalog-date').textContent = `${state.catalog || t('header.catalogBuiltin')} (${t('header.catalogPending')})`;
  await new Promise((r) => (window.requestIdleCallback ? requestIdleCallback(r, { timeout: 500 }) : setTimeout(r, 50)));
  try {
    const load = async (file, method) => {
      const res = await fetch(asset(file));
      if (!res.ok) throw new Error(`${file}: HTTP ${res.status}`);
      const answer = await state.engine.call(method, await res.text());
      const errors = (answer && Array.isArray(answer.diagnostics) ? answer.diagnostics : []).filter((d) => d.severity === 'error');
      if (errors.length) { state.pageDiagnostics.push(...errors.map((d) => ({ ...d, file: 'page' }))); throw new Error(errors[0].message); }
    };
    await load(BUILD.catalog, 'loadCatalog');
    if (BUILD.managedPolicies) await load(BUILD.managedPolicies, 'loadManagedPolicies');
    state.catalogLoaded = true;
    await analyseNow();
  } catch {
    // Keep the built-in data: the first answer is already on screen (errors are in Diagnostics).
    renderAll();
  }
  $('#catalog-date').textContent = state.catalog || t('header.catalogBuiltin');
}

function getOpts() {
  const o = {};
  const stage = $('#opt-stage').value.trim(), region = $('#opt-region').value.trim(), account = $('#opt-account').value.trim();
  if (stage) o.stage = stage;
  if (region) o.region = region;
  if (account) o.accountId = account;
  return o;
}

function setOpts(opts = {}) {
  $('#opt-stage').value = opts.stage || '';
  $('#opt-region').value = opts.region || '';
  $('#opt-account').value = opts.accountId || '';
  if (opts.stage || opts.region || opts.accountId) $('.opts').open = true;
}

function scheduleAnalyse() {
  state.edits++;
  clearTimeout(state.timer);
  state.timer = setTimeout(analyseNow, DEBOUNCE_MS);
}

// For tests and the benchmark: true once the answer on screen is for the current inputs and the
// lazy catalog step is over (so no re-analysis is still coming).
window.__whydenied.isSettled = () => Boolean(state.engine) && state.timer === null && state.inFlight === 0
  && state.doneKey === inputKey() && state.catalogDone && state.editorsReady;

// Which inputs an answer is for. The editors' texts are counted by edits (every change goes through
// scheduleAnalyse) rather than copied into the key: with a 10 MB log, stringifying it on every keystroke
// was the main thread's largest cost.
function inputKey() {
  return JSON.stringify([state.edits, getLocale(), getOpts(), getFiles()]);
}

/* ---------- Other files (${file(...)}) ---------- */
function getFiles() {
  const out = {};
  for (const f of state.files) if (f.name.trim()) out[f.name.trim()] = f.text;
  return out;
}

function filesInput() {
  const files = getFiles();
  return Object.keys(files).length ? { files } : {};
}

function setFiles(files = {}) {
  state.files = Object.entries(files).map(([name, text]) => ({ name, text }));
  renderFiles();
  if (state.files.length) $('#files-panel').open = true;
}

function renderFiles() {
  const list = clear($('#files-list'));
  state.files.forEach((f, i) => {
    const name = h('input', { value: f.name, 'aria-label': t('files.name'), placeholder: 'params.yml', spellcheck: 'false' });
    const text = h('textarea', { 'aria-label': t('files.content', { name: f.name || '…' }), spellcheck: 'false' });
    text.value = f.text;
    name.addEventListener('input', () => { f.name = name.value; scheduleAnalyse(); });
    text.addEventListener('input', () => { f.text = text.value; scheduleAnalyse(); });
    list.append(h('div', { class: 'file-entry' }, name,
      h('button', { type: 'button', class: 'btn', 'aria-label': t('files.remove', { name: f.name || '…' }), onclick: () => { state.files.splice(i, 1); renderFiles(); scheduleAnalyse(); } }, '×'),
      text));
  });
  $('#files-count').textContent = state.files.length ? `(${state.files.length})` : '';
}

async function analyseNow() {
  clearTimeout(state.timer);
  state.timer = null;
  if (!state.engine) return;
  const seq = ++state.seq;
  const key = inputKey();
  const input = { config: configEditor.text, log: logEditor.text, locale: getLocale(), ...getOpts(), ...filesInput() };
  state.inFlight++;
  setStatus(t('status.analysing'));
  const t0 = performance.now();
  // Issue 8: an analysis running past a second can be cancelled (only a Worker can be stopped).
  const cancelTimer = typeof state.engine.cancel === 'function' ? setTimeout(() => { $('#cancel-btn').hidden = false; }, CANCEL_AFTER_MS) : null;
  let result;
  let cancelled = false;
  try {
    result = await state.engine.call('explain', input);
  } catch (err) {
    cancelled = err && err.code === 'WD9612';
    result = { denials: [], roles: [], diagnostics: [cancelled
      ? { severity: 'warning', code: 'WD9612', message: t('WD9612'), file: 'page', line: null, column: null }
      : { severity: 'error', code: 'WD9610', message: t('WD9610', { detail: String(err && err.message || err) }), file: null, line: null, column: null }] };
  }
  clearTimeout(cancelTimer);
  if (state.inFlight === 1) $('#cancel-btn').hidden = true;
  state.inFlight--;
  if (seq !== state.seq) return; // a newer analysis is under way
  state.doneKey = key;
  const ms = performance.now() - t0;
  state.lastMs = ms;
  state.analyses++;
  const fresh = normalise(result);
  fresh.diagnostics.push(...invisibleWarnings(input.config, 'config'), ...invisibleWarnings(input.log, 'log'));
  state.result = settleResult(fresh, { cancelled });
  if (state.selected >= state.result.denials.length) state.selected = 0;
  if (state.result.catalog) state.catalog = state.result.catalog;
  if (!state.engineVersion && result && result.engine) showEngineVersion(result);
  state.templateFor = null;
  renderAll();
  setStatus(cancelled ? t('status.cancelled') : t('status.done', { ms: ms < 10 ? ms.toFixed(1) : Math.round(ms), mode: t(`mode.${state.engine.lastMode || state.engine.mode}`) }));
  if (!state.firstResultAt) {
    state.firstResultAt = performance.now();
    document.documentElement.dataset.firstResult = String(state.firstResultAt);  // unrounded: tests compare it with resource timings
  }
  document.documentElement.dataset.analyses = String(state.analyses);
  if (state.tab === 'cfn') refreshTemplate();
}

/**
 * Which result the panes show. A cancelled analysis has no answer for the current inputs: the last
 * good result stays on screen, marked stale, with the cancellation in Diagnostics (never "no
 * AccessDenied message found", which would be a false verdict). Otherwise the new answer is shown
 * and becomes the last good one.
 */
function settleResult(fresh, { cancelled }) {
  if (cancelled) {
    state.stale = { reason: 'cancelled' };
    if (!state.lastGood) return fresh;
    return { ...state.lastGood, diagnostics: [...state.lastGood.diagnostics.filter((d) => d.code !== 'WD9612'), ...fresh.diagnostics] };
  }
  // While serverless.yml does not parse, the engine has nothing to analyse: keep the last good
  // answer (marked stale, the syntax diagnostic named in the verdict area) rather than blank panes.
  const syntax = fresh.diagnostics.find((d) => d && d.severity === 'error' && SYNTAX_CODES.has(d.code));
  if (syntax) {
    state.stale = { reason: 'syntax', diagnostic: syntax };
    if (!state.lastGood) return fresh;
    return { ...state.lastGood, diagnostics: fresh.diagnostics };
  }
  state.stale = null;
  state.lastGood = fresh;
  return fresh;
}

// YAML that does not parse (docs/diagnostics.md): syntax, duplicate key, nesting, non-plain key.
const SYNTAX_CODES = new Set(['WD1001', 'WD1002', 'WD1004', 'WD1006']);

/** Trojan Source: bidi controls and invisible characters in the inputs get a warning at their place. */
// Cached per text (the same string until its editor changes): the scan is linear in a large paste.
const invisibleCache = new Map();
function invisibleWarnings(text, file) {
  const hit = invisibleCache.get(file);
  if (hit && hit.text === text && hit.locale === getLocale()) return hit.warnings;
  const warnings = findInvisible(text).map(({ line, column, ch }) => ({
    severity: 'warning', code: 'WD9620', message: t('WD9620', { char: codePointName(ch) }), file, line, column,
  }));
  invisibleCache.set(file, { text, locale: getLocale(), warnings });
  return warnings;
}

function normalise(r) {
  const out = r && typeof r === 'object' ? r : {};
  return { ...out, denials: Array.isArray(out.denials) ? out.denials : [], roles: Array.isArray(out.roles) ? out.roles : [], diagnostics: Array.isArray(out.diagnostics) ? out.diagnostics : [] };
}

function renderAll() {
  const result = state.result || { denials: [], roles: [], diagnostics: [] };
  const denial = result.denials[state.selected];
  const diags = [...state.pageDiagnostics, ...result.diagnostics];
  if (state.result) renderVerdict($('#verdict'), result, { selected: state.selected, stale: state.stale, onSelect: (i) => { state.selected = i; renderAll(); } });
  renderWhy($('#pane-why'), denial, { onJumpLog: (line) => logEditor.revealLine(line), onJumpConfig: (line) => configEditor.revealLine(line) });
  renderFix($('#pane-fix'), denial, result, { onApply: applyPatch, onCopy: (p) => copyText(p, t('copy.done')), onCopySuggestion: copySuggestion, onJumpConfig: (line) => configEditor.revealLine(line) });
  renderRoles($('#pane-role'), result, { onJumpConfig: (line) => configEditor.revealLine(line), selectedRole: denial && denial.role });
  renderDiagnostics($('#pane-diag'), diags, { onJump: jumpTo });
  const count = diags.filter((d) => d.severity !== 'info').length;
  $('#diag-count').hidden = count === 0;
  $('#diag-count').textContent = String(count);
  // Inline diagnostics next to each editor; the rest of the page keeps working.
  const byFile = (f) => result.diagnostics.filter((d) => d.file === f);
  configEditor.setDiagnostics(byFile('config'));
  logEditor.setDiagnostics(byFile('log'));
  logEditor.markLines(result.denials.map((d) => d.line).filter(Number.isInteger));
  renderEditorDiags($('#config-diagnostics'), byFile('config'));
  renderEditorDiags($('#log-diagnostics'), [...byFile('log'), ...state.pageDiagnostics.filter((d) => d.file === 'link')]);
  if (state.engineVersion || result.engine) $('#engine-version').textContent = result.engine || state.engineVersion;
  // Show what the engine inferred where the user gave nothing.
  for (const [id, key] of [['#opt-stage', 'stage'], ['#opt-region', 'region'], ['#opt-account', 'accountId']]) {
    $(id).placeholder = typeof result[key] === 'string' ? `${visibleText(result[key])} (${t('opt.inferred')})` : '';
  }
  // An option the engine refused (malformed) or found contradicted by the log is marked at its field.
  for (const [id, codes] of [['#opt-stage', ['WD5106', 'WD5108']], ['#opt-region', ['WD5105', 'WD5107']], ['#opt-account', ['WD5104']]]) {
    const d = result.diagnostics.find((x) => x && codes.includes(x.code));
    const input = $(id);
    if (d) { input.setAttribute('aria-invalid', 'true'); input.title = `${d.code}: ${d.message}`; } else { input.removeAttribute('aria-invalid'); input.removeAttribute('title'); }
  }
  if (state.tab === 'cfn') renderCfnPane();
}

function renderEditorDiags(el, diags) {
  clear(el);
  const shown = diags.filter((d) => d.severity !== 'info');
  if (!shown.length) return;
  el.append(h('ul', { class: 'diagnostics compact' }, shown.slice(0, 4).map((d) => diagnosticItem(d, jumpTo))));
}

function jumpTo(d) {
  const ed = d.file === 'log' ? logEditor : configEditor;
  ed.revealLine(d.line, d.column);
}

/* ---------- CloudFormation pane (computed on demand) ---------- */
async function refreshTemplate() {
  const key = configEditor.text + JSON.stringify([getOpts(), getFiles()]);
  if (state.templateFor === key) return;
  state.templateFor = key;
  const res = await state.engine.call('package', { config: configEditor.text, ...getOpts(), ...filesInput() });
  // The package answer also carries roles/stage/diagnostics: show only the template itself.
  const tpl = res && res.Resources ? res : res && res.template ? res.template : null;
  state.template = tpl ? Object.fromEntries(Object.entries(tpl).filter(([k]) => /^[A-Z]/.test(k))) : null;
  renderCfnPane();
}

function renderCfnPane() {
  renderCfn($('#pane-cfn'), state.template, state.cfnFormat, {
    onFormat: (f) => { state.cfnFormat = f; renderCfnPane(); },
    onCopy: (text) => copyText(text, t('copy.done')),
  });
}

/* ---------- Tabs ---------- */
const TABS = ['why', 'fix', 'role', 'cfn', 'diag'];
function selectTab(name, focus = false) {
  state.tab = name;
  for (const n of TABS) {
    const tab = $(`#tab-${n}`), pane = $(`#pane-${n}`);
    const on = n === name;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    pane.hidden = !on;
    if (on && focus) tab.focus();
  }
  if (name === 'cfn' && state.engine) { renderCfnPane(); refreshTemplate(); }
}

/* ---------- Fix actions ---------- */
function applyPatch(patch) {
  // A second click on the same Apply (a double click, say) finds its own result in the editor: nothing to do.
  if (state.applied && state.applied.patch === patch && state.applied.result === configEditor.text) { toast(t('fix.alreadyApplied')); return; }
  const next = applyUnifiedDiff(configEditor.text, patch);
  if (next === null) { toast(t('fix.applyFailed')); return; }
  configEditor.setText(next);
  state.applied = { patch, result: next };
  toast(t('fix.applied'));
  analyseNow();
}

// One GitHub suggestion per hunk (each replaces the lines selected in its own review comment); the
// toast names the line range(s) to select.
// A suggestion's range is `7` or `7-12` (suggestionRange).
const lineCount = (range) => (String(range).includes('-') ? 2 : 1);

function copySuggestion(patch) {
  const s = githubSuggestion(patch, { label: (i, n, range) => t('fix.suggestionLabel', { i, n, range, lines: lineCount(range) }) });
  if (!s) return;
  const ranges = s.hunks.map(suggestionRange);
  copyText(s.text, s.hunks.length === 1 ? t('fix.suggestionCopied', { range: ranges[0], lines: lineCount(ranges[0]) }) : t('fix.suggestionsCopied', { n: ranges.length, ranges: ranges.join(', ') }));
}

/* ---------- Clipboard with a visible fallback ---------- */
async function copyText(text, message) {
  try {
    if (!navigator.clipboard) throw new Error('no clipboard');
    await navigator.clipboard.writeText(text);
    toast(message);
  } catch {
    openDialog(t('copy.fallbackTitle'), t('copy.fallbackNote'), () => {
      const ta = h('textarea', { class: 'copy-box', readonly: true, rows: '8', 'aria-label': t('copy.fallbackTitle'), 'data-testid': 'copy-box' });
      ta.value = text;
      setTimeout(() => { ta.focus(); ta.select(); }, 0);
      return ta;
    });
  }
}

function openDialog(title, note, bodyFn) {
  const dlg = $('#dialog');
  $('#dialog-title').textContent = title;
  $('#dialog-note').textContent = note || '';
  clear($('#dialog-body')).append(bodyFn());
  if (typeof dlg.showModal === 'function') { if (!dlg.open) dlg.showModal(); } else dlg.setAttribute('open', '');
}

function toast(message) {
  const el = $('#toast');
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 3500);
}

function showBanner(message, kind = 'warn') {
  const el = $('#banner');
  el.className = `banner banner-${kind}`;
  el.textContent = visibleText(message); // may quote a share link's contents
  el.hidden = false;
}

function setStatus(text) { $('#status').textContent = text; }

/* ---------- Share links ---------- */
function currentScenario() {
  const config = configEditor.text, log = logEditor.text, files = getFiles();
  if (!$('#redact').checked) return { config, log, files, map: null };
  const r = redactScenario(config, log, files);
  for (const k of Object.keys(files)) files[k] = applyRedaction(files[k], r.map);
  return { ...r, files };
}

async function share() {
  const { config, log, files, map } = currentScenario();
  const opts = getOpts();
  if (map && opts.accountId) opts.accountId = applyRedaction(opts.accountId, map);
  const payload = await encodeState({ engine: state.engineVersion, config, log, opts, files });
  const url = `${location.href.split('#')[0]}#s=${payload}`;
  if (url.length > MAX_LINK_CHARS) {
    const blob = new Blob([JSON.stringify({ v: 1, engine: state.engineVersion, config, log, opts, files }, null, 2)], { type: 'application/json' });
    openDialog(t('share.tooLongTitle'), t('share.tooLong', { n: url.length }), () =>
      h('a', { class: 'btn primary', href: URL.createObjectURL(blob), download: 'scenario.json', 'data-testid': 'download-scenario' }, t('share.download')));
    return url;
  }
  history.replaceState(null, '', url);
  window.__whydenied.lastShareUrl = url;
  await copyText(url, t(map ? 'share.copiedRedacted' : 'share.copied', { n: url.length }));
  return url;
}

async function importLink(payload, { kept = false } = {}) {
  const res = await decodeState(payload);
  state.pageDiagnostics = state.pageDiagnostics.filter((d) => d.file !== 'link');
  if (!res.ok) {
    state.pageDiagnostics.push({ severity: 'error', code: res.code, message: t(res.code, { detail: res.detail }), file: 'link', line: null, column: null });
    showBanner(`${t(kept ? 'share.badKept' : 'share.bad')} (${res.code}: ${t(res.code, { detail: res.detail })})`, 'error');
    document.documentElement.dataset.linkError = res.code;
    return null;
  }
  $('#banner').hidden = true;
  return res.state;
}

/** Same checks as a share link (validateState): version, text fields, known options only. */
async function importScenarioFile(text) {
  let dto = null;
  try { dto = JSON.parse(text); } catch { dto = null; }
  const res = validateState(dto);
  state.pageDiagnostics = state.pageDiagnostics.filter((d) => d.file !== 'link');
  if (!res.ok) {
    state.pageDiagnostics.push({ severity: 'error', code: res.code, message: t(res.code, { detail: res.detail }), file: 'link', line: null, column: null });
    renderAll();
    return null;
  }
  const { config, log, opts, files } = res.state;
  return { config, log, opts, files };
}
window.__whydenied.importScenarioFile = (text) => importScenarioFile(text);

async function openScenario(text) {
  const s = await importScenarioFile(text);
  if (!s) { toast(t('share.fileBad')); return; }
  if (location.hash) history.replaceState(null, '', location.href.split('#')[0]);
  state.lastGood = null;
  configEditor.setText(s.config); logEditor.setText(s.log); setOpts(s.opts); setFiles(s.files);
  analyseNow();
}

async function onHashChange() {
  const payload = sharePayloadFromHash(location.hash);
  if (payload === null || payload === (window.__whydenied.lastShareUrl || '').split('#s=')[1]) return;
  // (A link opened into a page already in use: a bad one leaves the user's text as it is.)
  const s = await importLink(payload, { kept: true });
  if (s) { state.lastGood = null; configEditor.setText(s.config); logEditor.setText(s.log); setOpts(s.opts); setFiles(s.files); }
  renderAll();
  analyseNow();
}

/* ---------- Markdown ---------- */
async function copyMarkdown() {
  if (!state.result) return;
  const { config, log, files, map } = currentScenario();
  let shareUrl = null;
  try {
    const opts = getOpts();
    if (map && opts.accountId) opts.accountId = applyRedaction(opts.accountId, map);
    const url = `${location.href.split('#')[0]}#s=${await encodeState({ engine: state.engineVersion, config, log, opts, files })}`;
    if (url.length <= MAX_LINK_CHARS) shareUrl = markdownUrl(url);
  } catch { /* no link then */ }
  // Redact the text, then put the (already redacted, compressed) link in: redaction must not touch it.
  const LINK = '\u0000link\u0000';
  let md = buildMarkdown(state.result, { config, log, shareUrl: shareUrl ? LINK : null });
  if (map) md = applyRedaction(md, map);
  if (shareUrl) md = md.replace(LINK, () => shareUrl); // a function: no `$&` patterns from the URL
  window.__whydenied.lastMarkdown = md;
  await copyText(md, t('markdown.copied'));
}

/* ---------- Gallery ---------- */
function renderGallery() {
  const el = clear($('#gallery'));
  for (const ex of BUILD.gallery) {
    const title = (getLocale() === 'ja' && ex.titleJa) || ex.title;
    el.append(h('button', {
      type: 'button', class: 'gallery-item', 'data-example': ex.id, title: ex.description || title,
      onclick: () => loadExample(ex),
    }, h('span', { class: 'gallery-title' }, title), ex.expected ? h('span', { class: `dot dot-${ex.expected}`, 'aria-hidden': 'true' }) : null));
  }
}

function loadExample(ex) {
  if (location.hash) history.replaceState(null, '', location.href.split('#')[0]);
  state.pageDiagnostics = state.pageDiagnostics.filter((d) => d.file !== 'link');
  $('#banner').hidden = true;
  configEditor.setText(ex.config);
  logEditor.setText(ex.log);
  setOpts(ex.opts || {});
  setFiles(ex.files || {});
  state.selected = 0;
  state.lastGood = null; // another scenario: an earlier answer is not its result
  for (const b of document.querySelectorAll('.gallery-item')) b.classList.toggle('active', b.dataset.example === ex.id);
  analyseNow();
}

/* ---------- Wiring ---------- */
function wireUi() {
  $('#analyse-btn').addEventListener('click', analyseNow);
  $('#cancel-btn').addEventListener('click', () => { $('#cancel-btn').hidden = true; if (state.engine && state.engine.cancel) state.engine.cancel(); });
  $('#share-btn').addEventListener('click', share);
  $('#markdown-btn').addEventListener('click', copyMarkdown);
  $('#dialog-close').addEventListener('click', () => $('#dialog').close());
  $('#files-add').addEventListener('click', () => {
    state.files.push({ name: '', text: '' });
    renderFiles();
    $('#files-list .file-entry:last-child input').focus();
  });
  for (const id of ['#opt-stage', '#opt-region', '#opt-account']) $(id).addEventListener('input', scheduleAnalyse);
  $('#lang-select').addEventListener('change', (e) => {
    setLocale(e.target.value, true);
    applyTranslations();
    configEditor.setAriaLabel(t('editor.configAria'));
    logEditor.setAriaLabel(t('editor.logAria'));
    renderGallery();
    renderFiles();
    renderAll();
    analyseNow(); // engine sentences are rendered in the requested locale
  });
  $('#theme-select').addEventListener('change', (e) => applyTheme(e.target.value, true));
  for (const n of TABS) $(`#tab-${n}`).addEventListener('click', () => selectTab(n));
  $('.tabs').addEventListener('keydown', (e) => {
    const i = TABS.indexOf(state.tab);
    let next = null;
    if (e.key === 'ArrowRight') next = TABS[(i + 1) % TABS.length];
    else if (e.key === 'ArrowLeft') next = TABS[(i + TABS.length - 1) % TABS.length];
    else if (e.key === 'Home') next = TABS[0];
    else if (e.key === 'End') next = TABS[TABS.length - 1];
    if (next) { e.preventDefault(); selectTab(next, true); }
  });
  document.addEventListener('keydown', (e) => {
    const mod = e.metaKey || e.ctrlKey;
    if (e.defaultPrevented) return; // already handled inside an editor
    if (mod && e.key === 'Enter') { e.preventDefault(); analyseNow(); }
    else if (mod && (e.key === 's' || e.key === 'S')) { e.preventDefault(); share(); }
  });
  window.addEventListener('hashchange', onHashChange);
  // A downloaded scenario.json (links over 8 KB) opens from the toolbar's Open button...
  $('#open-file').addEventListener('change', async (e) => {
    const file = e.target.files && e.target.files[0];
    e.target.value = '';  // the same file can be chosen again
    if (file) await openScenario(await file.text());
  });
  $('#open-btn').addEventListener('click', () => $('#open-file').click());
  // ...or by dropping it anywhere on the page.
  document.addEventListener('dragover', (e) => { if (e.dataTransfer && [...e.dataTransfer.types].includes('Files')) e.preventDefault(); });
  document.addEventListener('drop', async (e) => {
    const file = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
    if (!file || !/\.json$/i.test(file.name)) return;
    e.preventDefault();
    await openScenario(await file.text());
  });
  window.__whydenied.share = share;
}

function registerServiceWorker() {
  if (!BUILD.sw || !('serviceWorker' in navigator) || location.protocol === 'file:') return;
  try {
    navigator.serviceWorker.register(scriptUrl(new URL(BUILD.sw, ASSETS).href)).catch(() => {});
  } catch { /* sandboxed or disallowed */ }
}

boot().catch((err) => {
  // Never a blank page: show what failed.
  showBanner(`WhyDenied: ${String(err && err.message || err)}`, 'error');
});
