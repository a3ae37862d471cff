// Storage that never throws: inside <iframe sandbox="allow-scripts"> (opaque origin) touching
// localStorage raises SecurityError, so we fall back to memory.
const memory = new Map();
function backend() {
  try {
    const s = window.localStorage;
    const probe = '__wd_probe__';
    s.setItem(probe, '1');
    s.removeItem(probe);
    return s;
  } catch {
    return null;
  }
}
const store = typeof window !== 'undefined' ? backend() : null;

export function getItem(key) {
  try { return store ? store.getItem(key) : (memory.has(key) ? memory.get(key) : null); } catch { return null; }
}
export function setItem(key, value) {
  try { if (store) store.setItem(key, value); else memory.set(key, value); } catch { memory.set(key, value); }
}
