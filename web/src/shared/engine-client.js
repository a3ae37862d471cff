// Runs the WASM engine in a module Worker when the page may create one, else on the main thread
// (sandboxed iframes with an opaque origin cannot start a Worker from our URL). Same API either way:
// call(method, arg) -> Promise<parsed JSON>. Calls are serialized by the worker's message queue.

function parseResult(r) {
  if (typeof r !== 'string') return r;
  try { return JSON.parse(r); } catch { return { raw: r }; }
}

export async function loadEngineDirect(engineUrl, wasmUrl) {
  const mod = await import(/* @vite-ignore */ engineUrl);
  const factory = mod.default || mod.createWhyDenied;
  return factory({
    locateFile: (p) => (p.endsWith('.wasm') ? wasmUrl : new URL(p, engineUrl).href),
    print: () => {},
    printErr: () => {},
  });
}

export function callEngine(engine, method, arg) {
  if (method === 'version') return engine.version();
  const fn = engine[method];
  if (typeof fn !== 'function') return { diagnostics: [{ severity: 'error', code: 'WD9611', message: `the engine has no \`${method}\``, file: null, line: null, column: null }] };
  const input = typeof arg === 'string' ? arg : JSON.stringify(arg);
  return parseResult(fn.call(engine, input));
}

class MainThreadEngine {
  constructor(engineUrl, wasmUrl) {
    this.mode = 'main';
    this.ready = loadEngineDirect(engineUrl, wasmUrl).then((e) => { this.engine = e; });
  }
  async call(method, arg) {
    await this.ready;
    // Yield once so the UI can paint "analysing" before a synchronous engine call.
    await new Promise((r) => setTimeout(r, 0));
    return callEngine(this.engine, method, arg);
  }
}

class WorkerEngine {
  constructor(worker) {
    this.mode = 'worker';
    this.worker = worker;
    this.nextId = 1;
    this.pending = new Map();
    worker.onmessage = (e) => {
      const { id, result, error } = e.data || {};
      const p = this.pending.get(id);
      if (!p) return;
      this.pending.delete(id);
      if (error) p.reject(new Error(error)); else p.resolve(result);
    };
    worker.onerror = (e) => {
      for (const p of this.pending.values()) p.reject(new Error(e.message || 'worker error'));
      this.pending.clear();
    };
  }
  post(method, arg) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, method, arg });
    });
  }
  call(method, arg) { return this.post(method, arg); }
}

/**
 * Creates the engine. Tries a Worker first (unless preferWorker is false); falls back to the main
 * thread if the Worker cannot be created or fails to initialise.
 */
export async function createEngine({ engineUrl, wasmUrl, workerUrl, preferWorker = true }) {
  if (preferWorker && workerUrl && typeof Worker !== 'undefined') {
    try {
      const worker = new Worker(workerUrl, { type: 'module', name: 'whydenied-engine' });
      const client = new WorkerEngine(worker);
      const init = client.post('init', { engineUrl, wasmUrl });
      const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('worker timeout')), 15000));
      await Promise.race([init, timeout]);
      client.ready = Promise.resolve();
      return client;
    } catch {
      // fall through to the main thread
    }
  }
  const main = new MainThreadEngine(engineUrl, wasmUrl);
  await main.ready;
  return main;
}
