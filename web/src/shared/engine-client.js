// Runs the WASM engine in a module Worker when the page may create one, else on the main thread
// (sandboxed iframes with an opaque origin cannot start a Worker from our URL). Same API either way:
// call(method, arg) -> Promise<parsed JSON>. Calls are serialized by the worker's message queue.
import { scriptUrl } from './trusted-types.js';

function parseResult(r) {
  if (typeof r !== 'string') return r;
  try { return JSON.parse(r); } catch { return { raw: r }; }
}

/**
 * Compiles the engine's WebAssembly file on the calling thread, from the response that the page's
 * `<link rel="preload">` already started. The page hands the compiled module to its Worker (a
 * WebAssembly.Module can be posted), so download and compilation overlap the page's own start-up instead
 * of waiting for the Worker to start and fetch. Resolves to null when it cannot compile here (the engine
 * then fetches the file itself, as before).
 */
export function compileEngineModule(wasmUrl) {
  if (typeof WebAssembly !== 'object' || typeof fetch !== 'function') return Promise.resolve(null);
  const streamed = typeof WebAssembly.compileStreaming === 'function'
    ? WebAssembly.compileStreaming(fetch(wasmUrl))
    : Promise.reject(new Error('no compileStreaming'));
  // A host that serves .wasm with another MIME type makes compileStreaming fail: compile the bytes instead.
  return streamed
    .catch(() => fetch(wasmUrl).then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`HTTP ${r.status}`)))).then((b) => WebAssembly.compile(b)))
    .catch(() => null);
}

export async function loadEngineDirect(engineUrl, wasmUrl, wasmModule = null) {
  const mod = await import(/* @vite-ignore */ engineUrl);
  return instantiateEngine(mod.default || mod.createWhyDenied, wasmUrl, wasmModule);
}

/**
 * Runs the engine's factory (the Emscripten glue's default export): with the compiled module when one is
 * given, else fetching and compiling `wasmUrl` itself.
 */
export function instantiateEngine(factory, wasmUrl, wasmModule = null) {
  const options = {
    locateFile: (p) => (p.endsWith('.wasm') ? wasmUrl : p),
    print: () => {},
    printErr: () => {},
  };
  if (!(typeof WebAssembly === 'object' && wasmModule instanceof WebAssembly.Module)) return factory(options);
  // Instantiate the module compiled on the page instead of fetching and compiling the file again.
  return new Promise((resolve, reject) => {
    factory({
      ...options,
      instantiateWasm(imports, done) {
        WebAssembly.instantiate(wasmModule, imports).then((instance) => done(instance, wasmModule), reject);
        return {};
      },
    }).then(resolve, reject);
  });
}

export function callEngine(engine, method, arg) {
  if (method === 'version') return engine.version();
  const fn = engine[method];
  if (typeof fn !== 'function') return { diagnostics: [{ severity: 'error', code: 'WD9611', message: `the engine has no \`${method}\``, file: null, line: null, column: null }] };
  // Objects go to the module as they are: it sends a long pasted log to the engine as raw text beside the
  // rest of the request (wasm/post.js), which is faster than one JSON text holding the whole paste.
  return parseResult(fn.call(engine, arg));
}

class MainThreadEngine {
  constructor(engineUrl, wasmUrl, wasmModule) {
    this.mode = 'main';
    this.ready = Promise.resolve(wasmModule).then((m) => loadEngineDirect(engineUrl, wasmUrl, m)).then((e) => { this.engine = e; });
  }
  async call(method, arg) {
    await this.ready;
    // Yield once so the UI can paint "analysing" before a synchronous engine call.
    await new Promise((r) => setTimeout(r, 0));
    return callEngine(this.engine, method, arg);
  }
}

const CALL_TIMEOUT_MS = 20000;

class WorkerEngine {
  constructor(workerUrl, initArg, wasmModule) {
    this.mode = 'worker';
    this.workerUrl = workerUrl;
    this.initArg = initArg;
    this.wasmModule = Promise.resolve(wasmModule).catch(() => null);
    this.nextId = 1;
    this.pending = new Map();
    this.start();
  }
  start() {
    this.worker = new Worker(scriptUrl(this.workerUrl), { type: 'module', name: 'whydenied-engine' });
    this.worker.onmessage = (e) => {
      const { id, result, error } = e.data || {};
      const p = this.pending.get(id);
      if (!p) return;
      this.pending.delete(id);
      clearTimeout(p.timer);
      if (error) p.reject(new Error(error)); else p.resolve(result);
    };
    this.worker.onerror = (e) => this.failAll(new Error(e.message || 'worker error'));
    // The Worker starts loading its script now; `init` is posted once the page's compile is done. A
    // browser that cannot post a compiled module (or a Worker that fails with it) gets the plain init.
    this.initialised = this.wasmModule.then((m) => (m
      ? this.post('init', { ...this.initArg, wasmModule: m }, 15000).catch(() => this.post('init', this.initArg, 15000))
      : this.post('init', this.initArg, 15000)));
    return this.initialised;
  }
  failAll(err) {
    for (const p of this.pending.values()) { clearTimeout(p.timer); p.reject(err); }
    this.pending.clear();
  }
  post(method, arg, timeoutMs = CALL_TIMEOUT_MS) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // A watchdog: an engine stuck on some input must not freeze the page for good. The worker is
      // replaced (with the catalog calls replayed) and this call reports an error.
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the engine took more than ${Math.round(timeoutMs / 1000)} s`));
        this.restart();
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      try {
        this.worker.postMessage({ id, method, arg });
      } catch (err) {  // DataCloneError: the argument cannot be posted
        clearTimeout(timer);
        this.pending.delete(id);
        reject(err);
      }
    });
  }
  restart(reason = new Error('engine restarted')) {
    try { this.worker.terminate(); } catch { /* already gone */ }
    this.failAll(reason);
    this.start().then(() => Promise.all((this.replay || []).map(([m, a]) => this.post(m, a)))).catch(() => {});
  }
  // Issue 8: the user stops a long analysis. The worker is terminated (WebAssembly cannot be interrupted
  // from outside) and a fresh one started with the catalog calls replayed; pending calls reject with an
  // error whose code is WD9612, which the page shows as "analysis cancelled".
  cancel() {
    const err = new Error('analysis cancelled');
    err.code = 'WD9612';
    this.restart(err);
  }
  async call(method, arg) {
    await this.initialised;
    if (method === 'loadCatalog' || method === 'loadManagedPolicies') (this.replay = this.replay || []).push([method, arg]);
    return this.post(method, arg);
  }
}

// Inputs up to this size (config + log + files, in characters) may be analysed on the page's own thread
// while the Worker starts; a larger paste (a shared link with a long log) waits for the Worker, which can
// be cancelled.
const PAGE_FIRST_MAX_CHARS = 64 * 1024;

function inputChars(arg) {
  if (arg === null || typeof arg !== 'object') return String(arg ?? '').length;
  let n = 0;
  for (const v of Object.values(arg)) n += typeof v === 'string' ? v.length : (v && typeof v === 'object' ? JSON.stringify(v).length : 0);
  return n;
}

/**
 * The page's first answer without waiting for its Worker. On a two-core machine a Worker starts only when
 * the page's thread is free of its own layout and script, and then instantiates the engine again, so it
 * is ready well after the page could answer (the first result came about 100 ms sooner this way: median of
 * 15 alternated loads, docs/performance.md). The page has already compiled the engine's module (compileEngineModule),
 * so it instantiates it on its own thread too and answers the calls made before the Worker is ready — small
 * inputs only (PAGE_FIRST_MAX_CHARS), since a call here cannot be cancelled. The Worker takes every call once
 * it is ready (and the catalog loads always), and the page's instance is then dropped. Both instances share
 * the compiled module, so the functions V8 compiled for the page's first call are compiled for the Worker too.
 */
export class HandoverEngine {
  constructor(worker, pageEngine) {
    this.workerClient = null;
    this.pageEngine = null;
    this.lastMode = null;  // where the last call ran: 'main' or the Worker client's mode
    // Resolves to the Worker client once it can answer.
    this.workerReady = worker.then((w) => { this.workerClient = w; this.pageEngine = null; return w; });
    pageEngine.then((e) => { if (!this.workerClient) this.pageEngine = e; }, () => {});
  }
  get mode() { return this.workerClient ? this.workerClient.mode : (this.pageEngine ? 'main' : 'worker'); }
  get startup() { return this.workerClient ? this.workerClient.startup : null; }
  async call(method, arg) {
    const onPage = !this.workerClient && this.pageEngine
      && method !== 'loadCatalog' && method !== 'loadManagedPolicies' && inputChars(arg) <= PAGE_FIRST_MAX_CHARS;
    if (onPage) {
      this.lastMode = 'main';
      return callEngine(this.pageEngine, method, arg);
    }
    const worker = await this.workerReady;
    this.lastMode = worker.mode;
    return worker.call(method, arg);
  }
  // Only the Worker can be stopped; a call on the page's thread is synchronous and short (small inputs).
  cancel() { if (this.workerClient && this.workerClient.cancel) this.workerClient.cancel(); }
}

/**
 * Creates the engine and resolves as soon as it can answer: with `pageFirst` and a compiled module, the
 * page's own instance answers until the Worker is ready (HandoverEngine); otherwise as createEngine.
 */
export function createEngineFast({ engineUrl, wasmUrl, workerUrl, wasmModule = null, pageFirst = true }) {
  const worker = createEngine({ engineUrl, wasmUrl, workerUrl, wasmModule });
  if (!pageFirst || !wasmModule) return worker;
  const pageEngine = Promise.resolve(wasmModule).then((m) => (m ? loadEngineDirect(engineUrl, wasmUrl, m) : Promise.reject(new Error('no module'))));
  pageEngine.catch(() => {});
  worker.catch(() => {});
  const handover = new HandoverEngine(worker, pageEngine);
  // Ready when either can answer; a page instance that fails leaves the Worker (or its fallback).
  return Promise.any([worker, pageEngine]).then(() => handover, () => worker);
}

/**
 * Creates the engine. Tries a Worker first (unless preferWorker is false); falls back to the main
 * thread if the Worker cannot be created or fails to initialise. `wasmModule`: an optional promise of the
 * compiled WebAssembly module (compileEngineModule), used instead of fetching the file again.
 */
export async function createEngine({ engineUrl, wasmUrl, workerUrl, wasmModule = null, preferWorker = true }) {
  if (preferWorker && workerUrl && typeof Worker !== 'undefined') {
    let client = null;
    try {
      client = new WorkerEngine(workerUrl, { engineUrl, wasmUrl }, wasmModule);
      const init = await client.initialised;
      client.startup = init && init.timings ? { ...init.timings, precompiled: Boolean(init.precompiled) } : null;
      return client;
    } catch {
      if (client) { try { client.worker.terminate(); } catch { /* ignore */ } }
      // fall through to the main thread
    }
  }
  const main = new MainThreadEngine(engineUrl, wasmUrl, wasmModule);
  await main.ready;
  return main;
}
