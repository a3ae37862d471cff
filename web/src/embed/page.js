// embed.html: a read-only scenario card. The engine is loaded only when the reader clicks "Run".
// Works inside <iframe sandbox="allow-scripts">: no storage, no popups, maybe no Worker -- each has a
// fallback. Talks to the host page only through the small protocol in protocol.js, and never sends
// it user content or results (only sizes and intents).
import { h, clear, $, appendText } from '../shared/dom.js';
import { t, setLocale, detectLocale, applyTranslations } from '../shared/i18n.js';
import { applyTheme } from '../shared/theme.js';
import { decodeState, sharePayloadFromHash, hashParam } from '../shared/share.js';
import { createEngine } from '../shared/engine-client.js';
import { toYaml, quoteStyleOf } from '../shared/yaml-emit.js';
import { PROTOCOL_VERSION, NS } from './protocol.js';

/* global __WD_BUILD__ */
const BUILD = __WD_BUILD__;
// (A classic script: its own URL names the assets folder.)
const ASSETS = new URL('.', document.currentScript ? document.currentScript.src : new URL('assets/', location.href));
const token = hashParam(location.hash, 't');
const framed = window.parent !== window;
let scenario = null;
let payload = null;
let engine = null;   // loaded on the first Run, kept for the next (a language switch runs again)
let ran = false;

function post(type, extra = {}) {
  if (!framed) return;
  // Target "*" is safe: the message holds only a size or an intent, never user content.
  window.parent.postMessage({ [NS]: { v: PROTOCOL_VERSION, type, token, ...extra } }, '*');
}

// Plain strings go through appendText (never a bare append) so invisible characters show as escapes.
function highlightYaml(text) {
  const frag = document.createDocumentFragment();
  for (const line of text.split('\n')) {
    const m = /^(\s*-?\s*)([^:#'"]+?)(:)(\s.*|$)/.exec(line);
    const com = line.indexOf(' #') >= 0 || line.trimStart().startsWith('#');
    if (line.trimStart().startsWith('#')) frag.append(h('span', { class: 'y-com' }, line));
    else if (m) {
      appendText(frag, m[1]);
      frag.append(h('span', { class: 'y-key' }, m[2]), m[3]);
      const rest = m[4];
      if (/^\s*["']/.test(rest)) frag.append(h('span', { class: 'y-str' }, rest));
      else if (/^\s*(true|false|null|\d+(\.\d+)?)\s*$/.test(rest)) frag.append(h('span', { class: 'y-atom' }, rest));
      else appendText(frag, rest);
    } else if (com) frag.append(h('span', { class: 'y-com' }, line));
    else appendText(frag, line);
    frag.append('\n');
  }
  return frag;
}

/** Engine sentences quote names in backticks: show those as code. */
function rich(text) {
  return String(text).split('`').map((p, i) => (i % 2 === 1 ? h('code', null, p) : p));
}

function showLog(text) {
  const el = clear($('#log-view'));
  for (const line of text.split('\n')) {
    const hit = /AccessDenied|not authorized|UnauthorizedOperation|AccessDeniedException/i.test(line);
    if (hit) el.append(h('span', { class: 'log-hit' }, line), '\n');
    else appendText(el, `${line}\n`);
  }
}

function playgroundUrl() {
  return new URL('index.html', location.href).href.split('#')[0] + (payload ? `#s=${payload}` : '');
}

async function run() {
  const btn = $('#run');
  btn.disabled = true;
  const res = clear($('#result'));
  res.append(h('p', { class: 'muted' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' ', t('embed.loading')));
  try {
    engine = engine || await createEngine({
      engineUrl: new URL(BUILD.engine, ASSETS).href, wasmUrl: new URL(BUILD.wasm, ASSETS).href, workerUrl: new URL(BUILD.worker, ASSETS).href,
    });
    // The same input as the playground: options and the files the config reads with ${file(...)}.
    const files = scenario.files && typeof scenario.files === 'object' && Object.keys(scenario.files).length ? { files: scenario.files } : {};
    const out = await engine.call('explain', { config: scenario.config, log: scenario.log, locale: document.documentElement.lang, ...scenario.opts, ...files });
    showResult(out || {}, engine.mode);
    ran = true;
  } catch (err) {
    // In a sandboxed iframe (opaque origin) the engine's files are cross-origin: a host that sends no CORS
    // headers cannot serve them there. The card still links to the full playground, which can.
    const sandboxed = self.origin === 'null';
    clear(res).append(h('p', { class: 'callout warn', 'data-testid': 'embed-engine-error' },
      sandboxed ? t('embed.noCors') : t('WD9610', { detail: String(err && err.message || err) })),
    sandboxed ? h('p', null, h('a', { class: 'btn', href: playgroundUrl(), target: '_blank', rel: 'noopener' }, t('embed.open'))) : null);
  }
  btn.disabled = false;
}

function showResult(out, mode) {
  const res = clear($('#result'));
  document.documentElement.dataset.mode = mode;
  const denials = Array.isArray(out.denials) ? out.denials : [];
  if (!denials.length) {
    res.append(h('p', null, h('strong', null, t('verdict.none'))));
  }
  for (const d of denials) {
    const badge = h('span', { class: `badge decision decision-${d.decision}`, 'data-testid': 'decision' }, d.decision || '?');
    clear($('#card-decision')).append(badge.cloneNode(true));
    res.append(h('div', { class: 'verdict' },
      h('div', { class: 'verdict-top' }, badge, h('code', { class: 'verdict-action' }, d.action || '?')),
      h('p', { class: 'verdict-text' }, t(`decision.${d.decision}`)),
      (d.trace || []).filter((r) => typeof r === 'string' || (r && r.text)).slice(0, 3)
        .map((r) => h('p', { class: 'small muted' }, rich(typeof r === 'string' ? r : r.text))),
      d.fix && d.fix.statement ? [h('p', { class: 'small' }, h('strong', null, t(`fix.kind.${d.fix.kind}`)), d.fix.verified ? ` — ✓ ${t('fix.verified')}` : ''),
        h('pre', { class: 'code', 'data-testid': 'fix-statement' }, toYaml([d.fix.statement], 0, { quote: quoteStyleOf(d.fix.patch) }))] : null));
  }
  const errs = (out.diagnostics || []).filter((d) => d.severity === 'error');
  for (const e of errs.slice(0, 3)) res.append(h('p', { class: 'small' }, h('code', { class: 'code-tag' }, e.code), ' ', e.line ? `${e.file} ${e.line}:${e.column || 1} ` : '', e.message));
  document.documentElement.dataset.ran = '1';
}

function openFull(e) {
  e.preventDefault();
  let w = null;
  try { w = window.open(playgroundUrl(), '_blank'); } catch { w = null; }
  if (w) { try { w.opener = null; } catch { /* cross-origin */ } return; }
  // Popups are not allowed (sandbox without allow-popups): ask the host, and show the link to copy.
  post('open-full');
  const res = $('#result');
  const box = h('input', { class: 'copy-box', readonly: true, value: playgroundUrl(), 'aria-label': t('embed.openCopy') });
  res.append(h('p', { class: 'small' }, t('embed.openCopy')), box);
  box.select();
}

function watchSize() {
  let scheduled = false;
  let last = 0;
  const send = () => {
    scheduled = false;
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) { last = height; post('resize', { height }); }
  };
  const ro = new ResizeObserver(() => { if (!scheduled) { scheduled = true; requestAnimationFrame(send); } });
  ro.observe(document.documentElement);
  ro.observe(document.body);
}

window.addEventListener('message', (e) => {
  if (e.source !== window.parent) return;
  const m = e.data && e.data[NS];
  if (!m || m.v !== PROTOCOL_VERSION) return;
  if (m.type === 'set-theme' && ['light', 'dark', 'auto'].includes(m.theme)) applyTheme(m.theme);
  if (m.type === 'set-lang' && ['en', 'ja'].includes(m.lang) && m.lang !== document.documentElement.lang) {
    setLocale(m.lang);
    applyTranslations();
    // The result's sentences come from the engine in the language it was asked for: ask again.
    if (ran && scenario) run();
  }
});

async function boot() {
  const lang = hashParam(location.hash, 'lang');
  setLocale(lang === 'ja' || lang === 'en' ? lang : detectLocale());
  applyTranslations();
  watchSize();
  $('#run').addEventListener('click', run);
  $('#open-full').addEventListener('click', openFull);
  payload = sharePayloadFromHash(location.hash);
  const decoded = payload ? await decodeState(payload) : { ok: false, code: null };
  if (!decoded.ok) {
    $('#run').disabled = true;
    $('#result').append(h('p', { class: 'callout warn', 'data-testid': 'embed-error' }, decoded.code ? `${decoded.code}: ${t(decoded.code, { detail: decoded.detail })}` : t('embed.empty')));
  } else {
    scenario = decoded.state;
    $('#config-view').append(highlightYaml(scenario.config));
    showLog(scenario.log);
  }
  $('#open-full').href = playgroundUrl();
  post('ready');
  if (hashParam(location.hash, 'run') === '1' && scenario) run();
}

boot();
