// SPDX-License-Identifier: MIT
// Deterministic, seeded mutational fuzzer for share-link decoding (web/src/shared/share.js, base64url.js;
// CONTRACT.md section 6; codes WD9601-WD9605 in docs/diagnostics.md). No dependencies beyond Node.
//
//   node tests/fuzz/share_fuzz.mjs [seconds=10] [--seed=N] [--runs=N] [--artifacts=DIR] [--replay-only] [--keep-going]
// --runs=N stops after N executions (the seconds stay a cap): with a fixed seed the run is then the same on
// every machine, which is what CI uses.
//
// Valid links are built from the corpus configs and logs with the page's own encodeState, then mutated at
// every layer: the base64url text, the deflate-raw bytes, the JSON text (and its UTF-8 bytes), and the
// decoded object (wrong types, objects where text is expected, prototype keys, odd file names, too many
// entries, decompression bombs). Oracle, per input:
//   - decodeState resolves (never rejects, never hangs) to {ok: true, state} or {ok: false, code, detail}
//     with code one of WD9601-WD9605 and a string detail;
//   - an accepted state has exactly {v: 1, engine, config, log, opts, files} with the documented types and
//     limits (engine <= 100 chars; opts only stage/region/accountId/locale as 1..199-char text; files at
//     most 20 relative names without `..` mapped to text; plain objects, no prototype pollution);
//   - re-encoding an accepted state and decoding it again gives the same state;
//   - sharePayloadFromHash and hashParam on `#s=<input>&t=...` return text or null, never throw.
// The fuzz loop runs in a worker thread; the main thread is a watchdog that saves the input and fails when
// one execution takes longer than 10 s. Failing inputs go to DIR (default test-artifacts/fuzz) as
// share-<kind>-<sha1>.txt holding the payload; the files in tests/fuzz/regressions/share/ are replayed
// first on every run. --keep-going (long exploratory runs) records each distinct failure and goes on; the exit
// status is still 1 when there was one. Output ends with `stat::number_of_executed_units: N`.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { deflateRawSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CODES = new Set(['WD9601', 'WD9602', 'WD9603', 'WD9604', 'WD9605']);
const OPT_KEYS = ['stage', 'region', 'accountId', 'locale'];
const HANG_MS = 10000;
const SLOT_BYTES = 4 << 20;  // the current input, shared with the watchdog

function parseArgs(argv) {
  const a = { seconds: 10, seed: 1, runs: -1, artifacts: join(root, 'test-artifacts/fuzz'), replayOnly: false, keepGoing: false };
  for (const x of argv) {
    if (/^\d+(\.\d+)?$/.test(x)) a.seconds = Number(x);
    else if (x.startsWith('--seed=')) a.seed = Number(x.slice(7)) >>> 0;
    else if (x.startsWith('--runs=')) a.runs = Number(x.slice(7));
    else if (x.startsWith('--artifacts=')) a.artifacts = resolve(x.slice(12));
    else if (x === '--replay-only') a.replayOnly = true;
    else if (x === '--keep-going') a.keepGoing = true;
    else throw new Error(`unknown argument ${x}`);
  }
  return a;
}

const sha1 = (s) => createHash('sha1').update(s).digest('hex');

function saveArtifact(dir, kind, payload, why) {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `share-${kind}-${sha1(payload)}.txt`);
  writeFileSync(file, payload);
  return `${file} (${why})`;
}

// ---------------------------------------------------------------------------------------------- main thread
if (isMainThread) {
  const args = parseArgs(process.argv.slice(2));
  const slot = new SharedArrayBuffer(SLOT_BYTES + 16);
  const meta = new Int32Array(slot, 0, 4);  // [executions, input length, busy flag]
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { args, slot } });
  let lastCount = -1;
  let lastChange = Date.now();
  let finished = false;
  const watchdog = setInterval(() => {
    const n = Atomics.load(meta, 0);
    if (n !== lastCount || Atomics.load(meta, 2) === 0) { lastCount = n; lastChange = Date.now(); return; }
    if (Date.now() - lastChange < HANG_MS) return;
    const len = Atomics.load(meta, 1);
    const payload = new TextDecoder().decode(new Uint8Array(slot, 16, len).slice());
    console.log(`share_fuzz: TIMEOUT after ${HANG_MS} ms on one input: ${saveArtifact(args.artifacts, 'timeout', payload, 'hang')}`);
    console.log(`stat::number_of_executed_units: ${n}`);
    finished = true;
    clearInterval(watchdog);
    worker.terminate().then(() => process.exit(1));
  }, 500);
  worker.on('message', (m) => { if (m && m.log) console.log(m.log); });
  worker.on('error', (e) => { if (!finished) { console.log(`share_fuzz: worker error ${e && e.stack}`); process.exitCode = 1; } });
  worker.on('exit', (code) => {
    clearInterval(watchdog);
    if (!finished && code !== 0) process.exitCode = code || 1;
  });
} else {
  runWorker(workerData).then(
    (code) => process.exit(code),
    (e) => { parentPort.postMessage({ log: `share_fuzz: harness error ${e && e.stack}` }); process.exit(2); },
  );
}

// ---------------------------------------------------------------------------------------------- worker
async function runWorker({ args, slot }) {
  const share = await import(pathToFileURL(join(root, 'web/src/shared/share.js')).href);
  const b64 = await import(pathToFileURL(join(root, 'web/src/shared/base64url.js')).href);
  const meta = new Int32Array(slot, 0, 4);
  const slotBytes = new Uint8Array(slot, 16, SLOT_BYTES);
  const enc = new TextEncoder();
  const say = (log) => parentPort.postMessage({ log });

  const publish = (payload) => {
    const { written } = enc.encodeInto(payload.length > SLOT_BYTES / 3 ? payload.slice(0, SLOT_BYTES / 3) : payload, slotBytes);
    Atomics.store(meta, 1, written);
  };

  // One execution: returns null when every invariant holds, else a reason.
  async function check(payload) {
    publish(payload);
    Atomics.store(meta, 2, 1);
    try {
      return await checkOne(share, payload);
    } finally {
      Atomics.store(meta, 2, 0);
      Atomics.add(meta, 0, 1);
    }
  }

  // 1. Regressions first: every stored payload must pass.
  const regDir = join(root, 'tests/fuzz/regressions/share');
  let replayed = 0;
  if (existsSync(regDir)) {
    for (const f of readdirSync(regDir).sort()) {
      if (f.startsWith('.') || f.endsWith('.md')) continue;
      const payload = readFileSync(join(regDir, f), 'utf8').replace(/\r?\n$/, '');
      const why = await check(payload);
      replayed++;
      if (why) { say(`share_fuzz: regression ${f} FAILS: ${why}`); return 1; }
    }
  }
  say(`share_fuzz: ${replayed} regression inputs pass`);
  if (args.replayOnly) { say(`stat::number_of_executed_units: ${Atomics.load(meta, 0)}`); return 0; }

  // 2. Seeds: the corpus configs and logs as the page would share them.
  const seeds = loadSeeds();
  const rng = makeRng(args.seed);
  const seedPayloads = [];
  for (const s of seeds) seedPayloads.push(await share.encodeState(s));
  say(`share_fuzz: ${seeds.length} seed scenarios, seed ${args.seed}, ${args.runs >= 0 ? `${args.runs} runs, at most ` : ''}${args.seconds}s`);

  const outcomes = new Map();
  const failures = new Map();  // reason -> count (--keep-going)
  const start = Date.now();
  const deadline = start + args.seconds * 1000;
  let n = 0;
  while (Date.now() < deadline && (args.runs < 0 || n < args.runs)) {
    const payload = mutate(rng, seeds, seedPayloads, b64);
    const why = await check(payload);
    n++;
    if (why) {
      const known = failures.has(why);
      failures.set(why, (failures.get(why) || 0) + 1);
      if (!known) say(`share_fuzz: CRASH after ${n} executions: ${saveArtifact(args.artifacts, 'crash', payload, why)}`);
      if (!args.keepGoing) {
        say(`stat::number_of_executed_units: ${Atomics.load(meta, 0)}`);
        return 1;
      }
      continue;
    }
    const key = lastOutcome;
    outcomes.set(key, (outcomes.get(key) || 0) + 1);
  }
  const secs = (Date.now() - start) / 1000;
  const summary = [...outcomes.entries()].sort().map(([k, v]) => `${k}=${v}`).join(' ');
  const failed = [...failures.entries()].map(([k, v]) => `${v}x ${k}`).join('; ');
  say(`share_fuzz: ${n} executions in ${secs.toFixed(1)}s (${Math.round(n / secs)}/s), ${failures.size ? `FAILURES: ${failed}` : 'no failure'}; outcomes: ${summary}`);
  say(`stat::number_of_executed_units: ${Atomics.load(meta, 0)}`);
  say(`stat::distinct_outcomes: ${outcomes.size}`);
  return failures.size ? 1 : 0;
}

let lastOutcome = '';

function isPlainObject(o) {
  return o !== null && typeof o === 'object' && !Array.isArray(o) && Object.getPrototypeOf(o) === Object.prototype;
}

function checkState(s) {
  if (!isPlainObject(s)) return 'state is not a plain object';
  const keys = Object.keys(s).sort().join(',');
  if (keys !== 'config,engine,files,log,opts,v') return `state keys ${keys}`;
  if (s.v !== 1) return 'state.v';
  if (typeof s.engine !== 'string' || s.engine.length > 100) return 'state.engine';
  if (typeof s.config !== 'string' || typeof s.log !== 'string') return 'state text types';
  if (!isPlainObject(s.opts)) return 'state.opts is not a plain object';
  for (const [k, v] of Object.entries(s.opts)) {
    if (!OPT_KEYS.includes(k)) return `state.opts key ${k}`;
    if (typeof v !== 'string' || v.length === 0 || v.length >= 200) return `state.opts.${k}`;
  }
  if (!isPlainObject(s.files)) return 'state.files is not a plain object';
  const names = Object.keys(s.files);
  if (names.length > 20) return 'more than 20 files';
  for (const name of names) {
    if (typeof s.files[name] !== 'string') return `file ${JSON.stringify(name)} is not text`;
    if (!name || name.length > 200 || name.startsWith('/') || name.split(/[\\/]/).includes('..')) return `file name ${JSON.stringify(name)}`;
  }
  return null;
}

async function checkOne(share, payload) {
  let r;
  try {
    r = await share.decodeState(payload);
  } catch (e) {
    return `decodeState threw ${e && e.name}: ${e && e.message}`;
  }
  if (Object.prototype.polluted !== undefined || Object.prototype.config !== undefined) return 'Object.prototype polluted';
  if (!r || typeof r !== 'object' || typeof r.ok !== 'boolean') return 'result shape';
  if (!r.ok) {
    if (!CODES.has(r.code)) return `unknown code ${r.code}`;
    if (typeof r.detail !== 'string') return `detail of ${r.code} is ${typeof r.detail}`;
    lastOutcome = r.code;
  } else {
    const bad = checkState(r.state);
    if (bad) return bad;
    // Round trip: what was accepted re-encodes to a link that decodes to the same state.
    let again;
    try {
      again = await share.decodeState(await share.encodeState(r.state));
    } catch (e) {
      return `round trip threw ${e && e.message}`;
    }
    if (!again.ok) return `round trip rejected with ${again.code}`;
    if (JSON.stringify(again.state) !== JSON.stringify(r.state)) return 'round trip changed the state';
    lastOutcome = 'ok';
  }
  // The hash helpers see the same text inside a fragment.
  for (const hash of [`#s=${payload}`, `#t=${payload}&s=${payload}`, `#lang=${payload.slice(0, 40)}&run=1`]) {
    try {
      const p = share.sharePayloadFromHash(hash);
      if (p !== null && typeof p !== 'string') return 'sharePayloadFromHash type';
      for (const name of ['t', 'lang', 'run', 's']) {
        const v = share.hashParam(hash, name);
        if (v !== null && typeof v !== 'string') return `hashParam(${name}) type`;
      }
    } catch (e) {
      return `hash helpers threw ${e && e.name}: ${e && e.message}`;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------- inputs
function readIf(p) { try { return readFileSync(p, 'utf8'); } catch { return null; } }

function loadSeeds() {
  const out = [];
  const dirs = [];
  for (const base of ['tests/corpus/scenarios', 'examples/gallery']) {
    const abs = join(root, base);
    if (existsSync(abs)) for (const d of readdirSync(abs).sort()) dirs.push(join(abs, d));
  }
  dirs.push(join(root, 'examples/seed'));
  for (const d of dirs) {
    const config = readIf(join(d, 'serverless.yml'));
    const log = readIf(join(d, 'error.log')) ?? readIf(join(d, 'error-as-posted.log'));
    if (config === null || log === null) continue;
    const opts = out.length % 3 === 0 ? { stage: 'dev', region: 'us-east-1', accountId: '123456789012', locale: 'ja' } : {};
    const files = out.length % 4 === 1 ? { 'config/extra.yml': 'a: 1\n', 'env.json': '{"x": 1}' } : undefined;
    out.push({ engine: '0.1.0', config, log, opts, files });
  }
  if (out.length === 0) out.push({ engine: '0.1.0', config: 'service: a\n', log: 'AccessDenied\n', opts: {} });
  return out;
}

function makeRng(seed) {  // mulberry32
  let a = (seed >>> 0) || 1;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (arr) => arr[int(arr.length)], chance: (p) => next() < p };
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ODD_CHARS = ['=', '+', '/', '%', '%2', '%E0%A4%A', '%zz', ' ', '#', '&', '.', '~', '\u00e9', '\ud800', '\u2028', '\0', 's=', '&s='];
const JSON_TOKENS = ['{', '}', '[', ']', '"', ',', ':', '\\', '\\u0000', '\\ud800', '\\udfff', 'null', 'true', 'false', '0', '-0', '1e999',
  '1.0', '"v":1', '"v":2', '"v":"1"', '"__proto__":{"polluted":1}', '"constructor":{"prototype":{"polluted":1}}', '"config":{}',
  '"log":[]', '"opts":{"stage":{"toString":1}}', '"files":{"..":"x"}', '\u2028', '\ufffd', '"toString":1', '"valueOf":{}'];

function randomString(rng) {
  const pool = ['', 'a', '..', '../x', '/abs', 'a/../b', 'a\\..\\b', 'dev', 'us-east-1', '__proto__', 'constructor', 'toString',
    'x'.repeat(199), 'x'.repeat(200), 'y'.repeat(1000), '\ud800', '\u0000', 'ü', '${file(./extra.yml)}', 'service: a\n'];
  return rng.pick(pool);
}

function randomValue(rng, depth = 0) {
  switch (rng.int(depth > 2 ? 6 : 9)) {
    case 0: return null;
    case 1: return rng.chance(0.5);
    case 2: return rng.pick([0, 1, -1, 1.5, 2, 1e308, -0, 2 ** 53]);
    case 3: case 4: case 5: return randomString(rng);
    case 6: { const a = []; for (let i = rng.int(4); i > 0; i--) a.push(randomValue(rng, depth + 1)); return a; }
    case 7: return rng.pick([{ toString: 1 }, { valueOf: {} }, { toString: {}, valueOf: 1 }, { length: 5 }, {}]);
    default: {
      const o = {};
      for (let i = rng.int(4); i > 0; i--) o[randomString(rng) || 'k'] = randomValue(rng, depth + 1);
      return o;
    }
  }
}

// The decoded object, mutated field by field.
function mutateDto(rng, seed) {
  const dto = { v: 1, engine: seed.engine, config: seed.config, log: seed.log, opts: { ...seed.opts } };
  if (seed.files) dto.files = { ...seed.files };
  for (let k = 1 + rng.int(3); k > 0; k--) {
    const field = rng.pick(['v', 'engine', 'config', 'log', 'opts', 'files', 'opts.key', 'files.key', 'files.many', 'extra', 'delete']);
    if (field === 'opts.key') {
      if (!dto.opts || typeof dto.opts !== 'object') dto.opts = {};
      dto.opts[rng.pick([...OPT_KEYS, '__proto__', 'other'])] = rng.chance(0.6) ? randomString(rng) : randomValue(rng);
    } else if (field === 'files.key') {
      if (!dto.files || typeof dto.files !== 'object') dto.files = {};
      dto.files[randomString(rng)] = rng.chance(0.7) ? randomString(rng) : randomValue(rng);
    } else if (field === 'files.many') {
      dto.files = {};
      for (let i = 0, n = 15 + rng.int(15); i < n; i++) dto.files[`f${i}.yml`] = `k: ${i}\n`;
    } else if (field === 'extra') {
      dto[randomString(rng) || 'x'] = randomValue(rng);
    } else if (field === 'delete') {
      delete dto[rng.pick(['v', 'engine', 'config', 'log', 'opts', 'files'])];
    } else if (field === 'config' || field === 'log') {
      dto[field] = rng.chance(0.5) ? mutateText(rng, typeof dto[field] === 'string' ? dto[field] : '') : randomValue(rng);
    } else {
      dto[field] = randomValue(rng);
    }
  }
  // JSON.stringify drops a "__proto__" own key made by assignment; write such keys as text instead.
  let text = JSON.stringify(dto);
  if (rng.chance(0.1)) text = text.replace(/^\{/, `{"__proto__":{"polluted":1,"config":"x"},`);
  return text;
}

function mutateText(rng, s) {
  let out = s;
  for (let k = 1 + rng.int(4); k > 0; k--) {
    const at = rng.int(out.length + 1);
    switch (rng.int(6)) {
      case 0: out = out.slice(0, at) + rng.pick(JSON_TOKENS) + out.slice(at); break;
      case 1: out = out.slice(0, at) + out.slice(at + 1 + rng.int(16)); break;
      case 2: out = out.slice(0, at) + out.slice(rng.int(out.length + 1)).slice(0, 64) + out.slice(at); break;
      case 3: out = out.slice(0, at) + String.fromCharCode(rng.int(0x10000)) + out.slice(at + 1); break;
      case 4: out = out.slice(0, at); break;
      default: out = out.slice(0, at) + rng.pick(ODD_CHARS) + out.slice(at); break;
    }
  }
  return out;
}

function mutateBytes(rng, bytes) {
  const b = Array.from(bytes);
  for (let k = 1 + rng.int(4); k > 0; k--) {
    const at = rng.int(b.length + 1);
    switch (rng.int(6)) {
      case 0: if (b.length) b[at % b.length] ^= 1 << rng.int(8); break;
      case 1: b.splice(at, 0, rng.int(256)); break;
      case 2: b.splice(at, 1 + rng.int(8)); break;
      case 3: b.splice(at, 0, ...rng.pick([[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x80, 0xa8], [0xf4, 0x90, 0x80, 0x80], [0]])); break;
      case 4: b.length = at; break;
      default: b.splice(at, 0, ...b.slice(rng.int(b.length + 1)).slice(0, 32)); break;
    }
  }
  return Uint8Array.from(b);
}

function toPayload(b64, bytes) { return b64.bytesToBase64url(bytes); }

function mutate(rng, seeds, seedPayloads, b64) {
  const seed = rng.pick(seeds);
  const layer = rng.int(100);
  if (layer < 20) {  // the base64url text
    return mutateText(rng, rng.pick(seedPayloads)).replace(/[\u0000-\u001f]/g, (c) => (rng.chance(0.5) ? '' : c));
  }
  if (layer < 35) {  // the deflate-raw bytes
    return toPayload(b64, mutateBytes(rng, deflateRawSync(Buffer.from(JSON.stringify({ v: 1, ...seed })), { level: rng.int(10) })));
  }
  if (layer < 55) {  // the JSON text, possibly as invalid UTF-8
    let bytes = Buffer.from(mutateText(rng, JSON.stringify({ v: 1, ...seed })));
    if (rng.chance(0.3)) bytes = mutateBytes(rng, bytes);
    return toPayload(b64, deflateRawSync(bytes));
  }
  if (layer < 95) {  // the decoded object
    return toPayload(b64, deflateRawSync(Buffer.from(mutateDto(rng, seed))));
  }
  if (layer < 99) {  // stream oddities: trailing data, two streams, stored blocks, empty input
    const one = deflateRawSync(Buffer.from(JSON.stringify({ v: 1, ...seed })), { level: 0 });
    const parts = rng.pick([[one, one], [one, Buffer.from([0, 1, 2])], [Buffer.alloc(0)], [one.subarray(0, one.length - 1)], [Buffer.from([3, 0])]]);
    return toPayload(b64, Buffer.concat(parts));
  }
  // A decompression bomb: a little text that inflates past the 2 MB limit.
  const big = `{"v":1,"config":"${'a'.repeat(2 * 1024 * 1024 + 10 + rng.int(1000))}","log":""}`;
  return toPayload(b64, deflateRawSync(Buffer.from(big), { level: 9 }));
}
