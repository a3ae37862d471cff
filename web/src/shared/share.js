// Share links (CONTRACT.md §6): `#s=<base64url(deflate-raw(JSON))>`, state in the fragment only,
// never in the query string (the fragment is never sent to a server). Import is defensive: every field
// is checked and copied one by one; a bad link yields a coded diagnostic, never a blank page.
import { bytesToBase64url, base64urlToBytes } from './base64url.js';

export const SHARE_VERSION = 1;
export const MAX_LINK_CHARS = 8192;          // chat apps and issue trackers break around here
const MAX_DECODED_BYTES = 2 * 1024 * 1024;   // refuse decompression bombs
const OPT_KEYS = ['stage', 'region', 'accountId', 'locale'];

async function pipe(bytes, stream) {
  const body = new Blob([bytes]).stream().pipeThrough(stream);
  const reader = body.getReader();
  const parts = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > MAX_DECODED_BYTES) { reader.cancel(); throw new Error('too large'); }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) { out.set(p, off); off += p.length; }
  return out;
}

export async function encodeState({ engine, config, log, opts, files }) {
  const dto = { v: SHARE_VERSION, engine: String(engine || ''), config: String(config), log: String(log), opts: cleanOpts(opts) };
  const f = cleanFiles(files);
  if (Object.keys(f).length) dto.files = f; // optional extension: files named by ${file(...)}
  const bytes = new TextEncoder().encode(JSON.stringify(dto));
  const packed = await pipe(bytes, new CompressionStream('deflate-raw'));
  return bytesToBase64url(packed);
}

function cleanOpts(opts) {
  const out = {};
  if (opts && typeof opts === 'object' && !Array.isArray(opts)) {
    for (const k of OPT_KEYS) {
      if (typeof opts[k] === 'string' && opts[k].length > 0 && opts[k].length < 200) out[k] = opts[k];
    }
  }
  return out;
}

/** Extra files: at most 20 relative names (no `..`) mapped to text. Anything else is dropped. */
export function cleanFiles(files) {
  const out = {};
  if (!files || typeof files !== 'object' || Array.isArray(files)) return out;
  for (const [name, text] of Object.entries(files).slice(0, 20)) {
    if (typeof text !== 'string' || typeof name !== 'string') continue;
    if (!name || name.length > 200 || name.split(/[\\/]/).includes('..') || name.startsWith('/')) continue;
    out[name] = text;
  }
  return out;
}

/**
 * Decodes the payload of `#s=`. Resolves to {ok: true, state} or {ok: false, code, detail};
 * never rejects. Codes are documented in docs/diagnostics.md (web section).
 */
export async function decodeState(payload) {
  if (typeof payload !== 'string' || payload.length === 0) return { ok: false, code: 'WD9601', detail: 'empty' };
  let bytes;
  try { bytes = base64urlToBytes(payload); } catch { return { ok: false, code: 'WD9601', detail: 'base64url' }; }
  let text;
  try {
    const raw = await pipe(bytes, new DecompressionStream('deflate-raw'));
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return { ok: false, code: 'WD9602', detail: 'deflate' };
  }
  let dto;
  try { dto = JSON.parse(text); } catch { return { ok: false, code: 'WD9603', detail: 'json' }; }
  return validateState(dto);
}

/**
 * Checks a parsed share DTO (from a link or a scenario file): the version, the text fields, known options
 * only. Returns { ok: true, state } or { ok: false, code, detail } and never throws, whatever the object.
 */
export function validateState(dto) {
  if (!dto || typeof dto !== 'object' || Array.isArray(dto)) return { ok: false, code: 'WD9603', detail: 'json' };
  // The version is shown in the error message: keep it short (a link cannot write a paragraph there).
  // String() of an object from the link can throw ({"v": {"toString": 1}}, found by tests/fuzz/share_fuzz.mjs).
  if (dto.v !== SHARE_VERSION) return { ok: false, code: 'WD9604', detail: dto.v !== null && typeof dto.v === 'object' ? 'object' : String(dto.v).slice(0, 20) };
  if (typeof dto.config !== 'string' || typeof dto.log !== 'string') return { ok: false, code: 'WD9605', detail: 'fields' };
  return {
    ok: true,
    state: { v: 1, engine: typeof dto.engine === 'string' ? dto.engine.slice(0, 100) : '', config: dto.config, log: dto.log, opts: cleanOpts(dto.opts), files: cleanFiles(dto.files) },
  };
}

/** Returns the `#s=` payload of a hash like `#s=...&t=...`, or null. */
export function sharePayloadFromHash(hash) {
  if (!hash || hash.length < 2) return null;
  for (const part of hash.slice(1).split('&')) {
    if (part.startsWith('s=')) return part.slice(2);
  }
  return null;
}

export function hashParam(hash, name) {
  if (!hash) return null;
  for (const part of hash.replace(/^#/, '').split('&')) {
    if (!part.startsWith(name + '=')) continue;
    try { return decodeURIComponent(part.slice(name.length + 1)); } catch { return null; } // malformed %-escape
  }
  return null;
}
