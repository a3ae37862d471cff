// The analysis Worker: loads the engine on `init`, then answers {id, method, arg} messages.
import { loadEngineDirect, callEngine } from './shared/engine-client.js';

let engine = null;
self.onmessage = async (e) => {
  const { id, method, arg } = e.data || {};
  try {
    if (method === 'init') {
      engine = await loadEngineDirect(arg.engineUrl, arg.wasmUrl);
      self.postMessage({ id, result: { ok: true } });
      return;
    }
    if (!engine) throw new Error('engine not initialised');
    self.postMessage({ id, result: callEngine(engine, method, arg) });
  } catch (err) {
    self.postMessage({ id, error: String((err && err.message) || err) });
  }
};
