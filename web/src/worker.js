// The analysis Worker: loads the engine on `init`, then answers {id, method, arg} messages.
// The engine's glue is bundled in (web/build.mjs resolves `whydenied-engine`): one file to fetch before the
// engine can start, not two in a row.
import createWhyDenied from 'whydenied-engine';
import { instantiateEngine, callEngine } from './shared/engine-client.js';

// Wall-clock times (ms since the epoch) of the start-up steps, for the page's start-up breakdown (web/bench.mjs).
const now = () => performance.timeOrigin + performance.now();
const startedAt = now();

let engine = null;
self.onmessage = async (e) => {
  const { id, method, arg } = e.data || {};
  try {
    if (method === 'init') {
      const initAt = now();
      engine = await instantiateEngine(createWhyDenied, arg.wasmUrl, arg.wasmModule);
      self.postMessage({ id, result: { ok: true, precompiled: Boolean(arg.wasmModule), timings: { startedAt, initAt, readyAt: now() } } });
      return;
    }
    if (!engine) throw new Error('engine not initialised');
    self.postMessage({ id, result: callEngine(engine, method, arg) });
  } catch (err) {
    self.postMessage({ id, error: String((err && err.message) || err) });
  }
};
