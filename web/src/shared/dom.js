// Minimal DOM builder: user content only ever goes in as text nodes (never innerHTML), so a pasted
// config or log cannot inject markup into the page. Invisible and bidi control characters in text
// are shown as visible escapes (⟨U+202E⟩, see unicode.js), so a name cannot display as another one.
import { splitInvisible, hasInvisible, codePointName, escapeLabel, visibleText } from './unicode.js';

// Attributes that are read out or shown as text: escaped like text. Others (value, href, ...) as is.
const SHOWN_ATTRS = new Set(['title', 'aria-label', 'placeholder']);
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href']);

/** Links may only lead to http(s) pages or our own blob: downloads (never javascript: or data:). */
export function safeUrl(v) {
  try { return ['http:', 'https:', 'blob:'].includes(new URL(String(v), document.baseURI).protocol); } catch { return false; }
}

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on')) { if (typeof v === 'function') el.addEventListener(k.slice(2), v); } // never a string handler
      else if (k === 'srcdoc' || (URL_ATTRS.has(k) && !safeUrl(v))) continue;
      else if (v === true) el.setAttribute(k, '');
      else el.setAttribute(k, SHOWN_ATTRS.has(k) ? visibleText(v) : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.append(c);
    else appendText(el, String(c));
  }
}

/** Text as text nodes; each invisible character becomes a marked, visible escape. */
export function appendText(el, text) {
  if (!hasInvisible(text)) { el.append(document.createTextNode(text)); return el; }
  for (const run of splitInvisible(text)) {
    el.append(run.text !== undefined ? document.createTextNode(run.text) : invisibleMark(run.ch));
  }
  return el;
}

/** The visible stand-in for one invisible character: ⟨U+202E⟩, its name as the tooltip. */
export function invisibleMark(ch) {
  const mark = document.createElement('span');
  mark.className = 'invisible-char';
  mark.title = codePointName(ch);
  mark.textContent = escapeLabel(ch);
  return mark;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function $(sel, root = document) { return root.querySelector(sel); }
