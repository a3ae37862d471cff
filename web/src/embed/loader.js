// embed.js -- turns <div class="whydenied-embed" data-config="..." data-log="..."> into an
// auto-resizing iframe of embed.html (same folder as this script). Small, no framework, no content
// ever flows back from the iframe: it only reports its height and intents (protocol.js).
import { NS, PROTOCOL_VERSION } from './protocol.js';
import { encodeState } from '../shared/share.js';

const script = document.currentScript;
const BASE = script && script.src ? script.src : location.href;
const EMBED_URL = new URL('embed.html', BASE).href;
const PLAYGROUND_URL = new URL('index.html', BASE).href;
const OUR_ORIGIN = new URL(BASE).origin;
const frames = new Map(); // contentWindow -> {iframe, token, payload, div}

function randomToken() {
  const a = new Uint8Array(12);
  crypto.getRandomValues(a);
  return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
}

function textOf(div, attr, role) {
  if (div.hasAttribute(attr)) return div.getAttribute(attr);
  const el = div.querySelector(`[data-role="${role}"]`);
  return el ? el.textContent : null;
}

function themeFor(div) {
  const th = div.getAttribute('data-theme');
  if (th === 'light' || th === 'dark') return th;
  return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

async function upgrade(div) {
  if (div.dataset.whydeniedState === 'ready' || div.dataset.whydeniedState === 'loading') return;
  div.dataset.whydeniedState = 'loading';
  let payload = div.getAttribute('data-state');
  if (!payload) {
    const config = textOf(div, 'data-config', 'config');
    const log = textOf(div, 'data-log', 'log');
    if (config === null || log === null) { div.dataset.whydeniedState = 'invalid'; return; }
    const opts = {};
    for (const k of ['stage', 'region', 'accountId']) {
      const v = div.getAttribute(`data-${k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`);
      if (v) opts[k] = v;
    }
    payload = await encodeState({ engine: '', config, log, opts });
  }
  const token = randomToken();
  const iframe = document.createElement('iframe');
  const lang = div.getAttribute('data-lang');
  iframe.src = `${EMBED_URL}#s=${encodeURIComponent(payload)}&t=${token}&theme=${themeFor(div)}${lang ? `&lang=${encodeURIComponent(lang)}` : ''}`;
  iframe.title = div.getAttribute('data-title') || 'WhyDenied: AccessDenied explained';
  iframe.loading = 'lazy';
  iframe.setAttribute('allow', 'clipboard-write');
  iframe.style.cssText = 'border:0;width:100%;height:420px;display:block;color-scheme:normal';
  for (const child of Array.from(div.children)) child.hidden = true;
  div.append(iframe);
  frames.set(iframe.contentWindow, { iframe, token, payload, div });
  div.dataset.whydeniedState = 'ready';
}

window.addEventListener('message', (e) => {
  const m = e.data && e.data[NS];
  if (!m || m.v !== PROTOCOL_VERSION) return;
  const f = frames.get(e.source);
  // Identity of the sender window + per-iframe token; origin is "null" inside a sandbox.
  if (!f || m.token !== f.token || (e.origin !== OUR_ORIGIN && e.origin !== 'null')) return;
  if (m.type === 'resize' && Number.isFinite(m.height)) {
    f.iframe.style.height = `${Math.max(120, Math.min(4000, Math.round(m.height)))}px`;
  } else if (m.type === 'ready') {
    f.iframe.contentWindow.postMessage({ [NS]: { v: PROTOCOL_VERSION, type: 'set-theme', theme: themeFor(f.div) } }, '*');
    f.div.dispatchEvent(new CustomEvent('whydenied:ready'));
  } else if (m.type === 'open-full') {
    window.open(`${PLAYGROUND_URL}#s=${encodeURIComponent(f.payload)}`, '_blank', 'noopener');
  }
});

if (window.matchMedia) {
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    for (const f of frames.values()) {
      if (!f.div.getAttribute('data-theme') || f.div.getAttribute('data-theme') === 'auto') {
        f.iframe.contentWindow.postMessage({ [NS]: { v: PROTOCOL_VERSION, type: 'set-theme', theme: themeFor(f.div) } }, '*');
      }
    }
  });
}

function scan(root = document) {
  return Promise.all(Array.from(root.querySelectorAll('.whydenied-embed')).map(upgrade));
}

window.WhyDeniedEmbed = { version: PROTOCOL_VERSION, scan };
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => scan());
else scan();
