// Trusted Types (CSP `require-trusted-types-for 'script'`): with it, the browser refuses every
// string passed to an HTML or script sink (innerHTML, eval, script.src, new Worker(url), ...). The
// page parses no HTML at all, so it has no HTML policy; its only script URLs are its own Worker and
// service worker, and this policy lets through URLs on our own origin and nothing else.
// (The embed card is a classic script, where import.meta is empty: its own script element names the origin.)
const HERE = (typeof document !== 'undefined' && document.currentScript && document.currentScript.src) || import.meta.url;
const OURS = new URL('.', HERE).origin;
let policy;

/** A script URL for new Worker() / serviceWorker.register(): ours only; throws otherwise. */
export function scriptUrl(url) {
  const href = new URL(url, OURS).href;
  if (new URL(href).origin !== OURS) throw new TypeError(`not our script: ${href}`);
  const tt = typeof self !== 'undefined' ? self.trustedTypes : undefined;
  if (!tt || typeof tt.createPolicy !== 'function') return href;
  if (policy === undefined) {
    try {
      policy = tt.createPolicy('whydenied', {
        createScriptURL: (u) => { if (new URL(u).origin !== OURS) throw new TypeError(`not our script: ${u}`); return u; },
      });
    } catch {
      policy = null; // the page's CSP allows no policy by this name: plain strings are all we have
    }
  }
  return policy ? policy.createScriptURL(href) : href;
}
