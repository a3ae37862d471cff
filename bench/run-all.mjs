#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Every benchmark figure of issue 8 in one run on one machine, then the goals of issues 3-7 checked against
// them. Called by bench/run-bench.sh after it has built the native bench targets; each section is its own
// script or program (they can be run alone) that also writes its figures as JSON for this summary.
//   node bench/run-all.mjs [--build DIR] [--quick] [--write] [--seconds N]
//   --quick   short durations, one page load, no `sls package` (a smoke run of every script)
//   --write   rewrite the generated part of docs/performance.md (between the bench:begin/end markers)
// Third-party tools for comparison live in .bench-scratch/ (gitignored), installed from npm when missing:
// @cloud-copilot/iam-simulate (AGPL) by bench/eval_bench.mjs, serverless@3.40.0 here. Neither is ever a
// dependency of the product.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { functionSummary } from './wasm_functions.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const quick = args.includes('--quick');
const write = args.includes('--write');
const build = path.resolve(opt('--build', path.join(root, 'build')));
const seconds = Number(opt('--seconds', quick ? '0.2' : '3'));
const SLS_VERSION = '3.40.0';
const scratch = path.join(root, '.bench-scratch');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wd-bench-'));
const startedAt = new Date();
const t0 = performance.now();

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const firstLine = (cmd, argv) => {
  try { return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0].trim(); } catch { return 'not found'; }
};
const fmt = (x, digits = 1) => (x === undefined || x === null || Number.isNaN(x) ? '—' : Number(x).toFixed(digits));
const int = (x) => (x === undefined || x === null ? '—' : Math.round(x).toLocaleString('en-US'));
const section = (title) => console.log(`\n=== ${title} === (1-min load average ${os.loadavg()[0].toFixed(1)})`);

// ---------------------------------------------------------------- machine
const machine = {
  cpu: os.cpus()[0]?.model || 'unknown',
  cores: os.cpus().length,
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
  os: (() => { try { return /PRETTY_NAME="([^"]*)"/.exec(readFileSync('/etc/os-release', 'utf8'))[1]; } catch { return os.type(); } })(),
  kernel: os.release(),
  node: process.version,
  gxx: firstLine('g++', ['--version']),
  emcc: firstLine('emcc', ['--version']).replace(/ \(Emscripten gcc\/clang-like replacement[^)]*\)/, '').replace(/ \(\)$/, ''),
  chromium: firstLine(process.env.CHROMIUM_PATH || '/usr/bin/chromium', ['--version']),
  buildType: (() => { try { return /CMAKE_BUILD_TYPE:STRING=(.*)/.exec(readFileSync(path.join(build, 'CMakeCache.txt'), 'utf8'))[1]; } catch { return '?'; } })(),
  // The native programs link mimalloc when it is installed (CMakeLists.txt, WD_MIMALLOC): say which allocator ran.
  allocator: (() => { try { return /libmimalloc/.test(execFileSync('ldd', [path.join(build, 'bin', 'bench_eval')], { encoding: 'utf8' })) ? 'mimalloc' : 'glibc malloc'; } catch { return '?'; } })(),
  commit: firstLine('git', ['-C', root, 'rev-parse', '--short', 'HEAD']),
  dirty: firstLine('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no']) !== '',
  loadBefore: os.loadavg(),
};
const mtime = (f) => (existsSync(f) ? statSync(f).mtime.toISOString().replace(/\.\d+Z$/, 'Z') : 'missing');
const wasmFile = path.join(root, 'build-wasm', 'whydenied.wasm');
machine.wasmBuilt = mtime(wasmFile);
machine.distBuilt = mtime(path.join(root, 'dist', 'build-info.json'));
section('Machine');
console.log(`date: ${startedAt.toISOString()}  command: bench/run-bench.sh ${args.filter((a) => a !== '--build' && a !== build).join(' ')}`.trimEnd());
console.log(`CPU: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB RAM; ${machine.os}, Linux ${machine.kernel}`);
console.log(`load average before: ${machine.loadBefore.map((l) => l.toFixed(2)).join(' ')} (1/5/15 min)`);
console.log(`node ${machine.node}; ${machine.gxx}; ${machine.emcc}; ${machine.chromium}`);
console.log(`native build: ${build} (${machine.buildType}, ${machine.allocator}); WASM module: build-wasm/ built ${machine.wasmBuilt}; dist/ built ${machine.distBuilt}`);
console.log(`commit ${machine.commit}${machine.dirty ? ' + uncommitted changes' : ''}`);

// Runs one section's script; a failing section is reported and the others still run.
const failures = [];
function run(label, cmd, argv, { env = {}, capture = false } = {}) {
  const r = spawnSync(cmd, argv, { cwd: root, env: { ...process.env, WD_GENERATED_DIR: path.join(build, 'generated'), ...env },
    stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', maxBuffer: 64 << 20 });
  if (capture && r.stdout) process.stdout.write(r.stdout);
  if (r.status !== 0) {
    failures.push(`${label} (exit ${r.status ?? r.signal ?? r.error?.code})`);
    console.log(`!! ${label} failed (exit ${r.status ?? r.signal ?? r.error?.code})`);
  }
  return r.stdout || '';
}
const readJson = (f) => { try { return JSON.parse(readFileSync(f, 'utf8')); } catch { return {}; } };

// ---------------------------------------------------------------- scratch install of serverless@3
function ensureServerless() {
  const dir = path.join(scratch, 'serverless');
  const pkg = path.join(dir, 'node_modules', 'serverless', 'package.json');
  if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).version === SLS_VERSION) return dir;
  mkdirSync(dir, { recursive: true });
  if (!existsSync(path.join(dir, 'package.json'))) writeFileSync(path.join(dir, 'package.json'), '{"name":"bench-scratch-serverless","private":true}\n');
  console.log(`installing serverless@${SLS_VERSION} into ${dir} (dev-only comparison, never a product dependency) ...`);
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `serverless@${SLS_VERSION}`], { cwd: dir, stdio: 'inherit' });
  return r.status === 0 ? dir : null;
}

const bin = (name) => path.join(build, 'bin', name);
const R = {};

// ---------------------------------------------------------------- 1. IAM evaluation
section('IAM evaluation: native, WASM, @cloud-copilot/iam-simulate (same cases, same run)');
run('eval', process.execPath, [path.join(root, 'bench', 'eval_bench.mjs'), '--native', bin('bench_eval'), '--seconds', String(seconds), '--json', path.join(tmp, 'eval.json')]);
R.eval = readJson(path.join(tmp, 'eval.json'));

// ---------------------------------------------------------------- 2. Packaging
section(`Packaging: generated 10/100/1000-function configs, native and WASM${quick ? '' : `, and sls package ${SLS_VERSION}`}`);
const slsDir = quick ? null : ensureServerless();
if (!quick && !slsDir) failures.push('serverless install');
run('package', process.execPath, [path.join(root, 'bench', 'package_bench.mjs'), '--native', bin('bench_package'), '--seconds', String(seconds),
  '--functions', '10,100,1000', ...(slsDir ? ['--sls', slsDir, '--sls-functions', '100', '--sls-runs', '5'] : []), '--json', path.join(tmp, 'package.json')]);
R.package = readJson(path.join(tmp, 'package.json'));
if (quick) console.log('sls package: skipped (--quick)');
// The CLI as a whole process (start-up included), the like-for-like comparison with `sls package`.
if (existsSync(bin('whydenied'))) try {
  const cfg = path.join(tmp, 'serverless.yml');
  writeFileSync(cfg, execFileSync(bin('bench_package'), ['--print-config', '--functions', '100'], { encoding: 'utf8' }));
  const runs = [];
  for (let i = 0; i < (quick ? 3 : 11); i++) {
    const s = performance.now();
    execFileSync(bin('whydenied'), ['package', '--config', cfg, '--stage', 'dev', '--region', 'eu-west-1', '--json'], { stdio: 'ignore' });
    runs.push(performance.now() - s);
  }
  R.cliPackageMs = median(runs);
  console.log(`package (native CLI process, 100 functions, start-up included): median ${R.cliPackageMs.toFixed(1)} ms over ${runs.length} runs`);
  if (R.package.sls) console.log(`ratio sls package / CLI process: ${(R.package.sls.ms / R.cliPackageMs).toFixed(0)}x`);
} catch (err) {
  failures.push('package (CLI process)');
  console.log(`!! package (native CLI process) failed: ${err.message.split('\n')[0]}`);
} else {
  console.log(`package (native CLI process): skipped, ${bin('whydenied')} not built`);
}

// ---------------------------------------------------------------- 3. Explain
section('Explain latency: the seed and the generated 100-function config');
const explainOut = run('explain (native)', bin('bench_explain'), [String(seconds), '--functions', '100'], { capture: true });
const grab = (re, text) => { const m = re.exec(text); return m ? Number(m[1]) : undefined; };
R.explainNative = {
  seedMs: grab(/native explain \(seed\): ([\d.]+) ms/, explainOut),
  seedFirstMs: grab(/native explain \(seed\):.*first call ([\d.]+) ms/, explainOut),
  generatedMs: grab(/native explain \(100-function config\): ([\d.]+) ms/, explainOut),
  generatedFirstMs: grab(/native explain \(100-function config\):.*first call ([\d.]+) ms/, explainOut),
};
run('explain (wasm)', process.execPath, [path.join(root, 'bench', 'explain_bench.mjs'), '--seconds', String(seconds), '--package-bench', bin('bench_package'),
  '--functions', '100', '--json', path.join(tmp, 'explain.json')]);
R.explainWasm = readJson(path.join(tmp, 'explain.json'));

// ---------------------------------------------------------------- 4. Log parsing
section('Log parsing: 5 MB synthetic log, native and WASM');
const logOut = run('log', bin('bench_log'), [], { capture: true });
R.log = { mb: grab(/([\d.]+) MB synthetic log/, logOut), wallMs: grab(/median ([\d.]+) ms wall/, logOut), cpuMs: grab(/([\d.]+) ms CPU/, logOut),
  wallMBs: grab(/ms wall \(([\d.]+) MB\/s\)/, logOut) };
run('log (wasm)', process.execPath, [path.join(root, 'bench', 'log_bench.mjs'), '--native', bin('bench_log'), '--runs', quick ? '1' : '7',
  '--json', path.join(tmp, 'log.json')]);
R.logWasm = readJson(path.join(tmp, 'log.json'));

// ---------------------------------------------------------------- 5. Sizes
section('Sizes: dist/assets (what the page serves), raw and gzip -9');
const gz = (f) => zlib.gzipSync(readFileSync(f), { level: 9 }).length;
R.sizes = [];
const infoFile = path.join(root, 'dist', 'build-info.json');
if (existsSync(infoFile)) {
  const info = JSON.parse(readFileSync(infoFile, 'utf8'));
  const a = info.assets || {};
  const rows = [['WASM engine', a.wasm, 'first load'], ['engine loader (JS)', a.engine, 'main-thread fallback only; the worker bundles it'], ['page script (JS)', a.app, 'first load'],
    ['theme script (JS)', a.themeInit, 'first load'], ['worker (JS)', a.worker, 'first load'], ['stylesheet (CSS)', a.css, 'first load'],
    ...(a.lazy || []).map((f) => ['editor chunk (JS)', f, 'lazy']), ['embed page (JS)', a.embed, 'embed only'],
    ['IAM catalog (JSON)', a.catalog, 'lazy'], ['managed policies (JSON)', a.managedPolicies, 'lazy']];
  for (const [what, file, when] of rows) {
    if (!file) continue;
    const f = path.join(root, 'dist', 'assets', file);
    if (!existsSync(f)) { console.log(`${what}: ${file} missing from dist/assets`); continue; }
    const s = { what, file, when, raw: statSync(f).size, gzip: gz(f) };
    R.sizes.push(s);
    console.log(`${what.padEnd(24)} ${file.padEnd(34)} ${int(s.raw).padStart(10)} B raw ${int(s.gzip).padStart(9)} B gzip  (${when})`);
  }
  if (existsSync(wasmFile) && a.wasm && statSync(wasmFile).size !== statSync(path.join(root, 'dist', 'assets', a.wasm)).size)
    console.log('note: build-wasm/whydenied.wasm differs in size from the one in dist/: dist/ is older than the WASM build (rebuild with node web/build.mjs)');
} else {
  console.log('dist/ is missing: build it with `node web/build.mjs` (not rebuilt by this script); sizes and page figures skipped');
}
const sizeOf = (re) => R.sizes.find((s) => re.test(s.file));
// The shape of the engine's code: V8 compiles each function on its first call, superlinearly in its size.
R.wasmFunctions = existsSync(wasmFile) ? functionSummary(readFileSync(wasmFile)) : null;
if (R.wasmFunctions)
  console.log(`WASM code: ${int(R.wasmFunctions.functions)} functions, ${int(R.wasmFunctions.codeBytes)} B; largest bodies ${R.wasmFunctions.largest.map(int).join(', ')} B`);

// ---------------------------------------------------------------- 6. Page
section('Page: headless Chromium against dist/ on localhost');
if (existsSync(infoFile)) {
  // With --write, web/bench.mjs also rewrites the "## Page" section (per-file table) from this same run.
  const pageArgs = [path.join(root, 'web', 'bench.mjs'), '--runs', quick ? '1' : '5', '--keys', quick ? '5' : '30',
    '--json', path.join(tmp, 'page.json'), ...(write ? ['--write'] : [])];
  // dist/ is shared: someone rebuilding it mid-run makes files vanish for a moment; one retry covers that.
  const before = failures.length;
  run('page', process.execPath, pageArgs);
  if (failures.length > before) {
    console.log('retrying the page bench once in 15 s (dist/ may have been rebuilding) ...');
    spawnSync('sleep', ['15']);
    failures.pop();
    run('page', process.execPath, pageArgs);
  }
  R.page = readJson(path.join(tmp, 'page.json'));
} else {
  R.page = {};
}

// ---------------------------------------------------------------- summary
machine.loadAfter = os.loadavg();
const elapsedS = (performance.now() - t0) / 1000;
const e = R.eval, p = R.package, sz = p.sizes || {}, ew = R.explainWasm, en = R.explainNative, pg = R.page;
const ratio = (a, b) => (a && b ? a / b : undefined);
const x = (v) => (v === undefined ? '—' : `${v >= 10 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1)}×`);

const both = (k) => `${int(e[k])} evals/s (${int(e[`${k}Cpu`])} per CPU-s)`;
const vsSim = (k) => `${x(ratio(e[k], e.simulate))} wall, ${x(ratio(e[`${k}Cpu`], e.simulateCpu))} CPU`;
const figures = [
  ['IAM evaluation', `native \`evaluate_case_result\`, parsed case, full trace as records (${e.cases ?? '?'} corpus cases)`, both('native'), vsSim('native')],
  ['', 'native, the same answer as a json tree (`evaluate_case`: explain, the CLI)', both('nativeTree'), vsSim('nativeTree')],
  ['', 'native, JSON text in → JSON text out (`call_text`, as the WASM module)', both('nativeText'), vsSim('nativeText')],
  ['', 'native `evaluate`, no trace (explain\'s fix verification)', both('nativeNoTrace'), vsSim('nativeNoTrace')],
  ['', 'WASM in Node, full module `evaluate(case)`', both('wasm'), vsSim('wasm')],
  ...(e.wasmEval ? [['', 'WASM in Node, bench-only evaluator module (build-iam-wasm/)', both('wasmEval'), vsSim('wasmEval')]] : []),
  ['', `@cloud-copilot/iam-simulate ${e.simulateVersion ?? ''} \`runSimulation\``, both('simulate'), '1×'],
  ['', 'WASM cold start: import + instantiate + first case (no catalog)', `${fmt(e.wasmColdMs)} ms`, ''],
  ['', 'IAM catalog load: native / WASM', `${fmt(e.nativeCatalogMs)} / ${fmt(e.wasmCatalogMs)} ms`, ''],
  ...[10, 100, 1000].map((n) => [n === 10 ? 'Packaging' : '', `${n}-function config (${int(sz[n]?.bytes)} B YAML): native / WASM, wall (CPU)` +
    `${sz[n]?.nativeAnalysed < n ? ' *' : ''}`,
    `${fmt(sz[n]?.nativeMs, 2)} (${fmt(sz[n]?.nativeCpuMs, 2)}) / ${fmt(sz[n]?.wasmMs, 1)} (${fmt(sz[n]?.wasmCpuMs, 1)}) ms`,
    n === 100 && p.sls ? `sls ÷ native ${x(ratio(p.sls.ms, sz[n]?.nativeMs))} wall, ${x(ratio(p.sls.cpuMs, sz[n]?.nativeCpuMs))} CPU; ` +
      `sls ÷ WASM ${x(ratio(p.sls.ms, sz[n]?.wasmMs))} wall, ${x(ratio(p.sls.cpuMs, sz[n]?.wasmCpuMs))} CPU` : '']),
  ...[10, 100, 1000].filter((n) => sz[n]?.nativeAnalysed < n).map((n) => ['', `* native analyses only ${sz[n].nativeAnalysed} of the ${n} functions ` +
    `(limit WD2080)${sz[n].wasmLimited ? ', WASM too' : '; this WASM build (older) all of them'}`, '', '']),
  ['', '100 functions, native CLI process (start-up included), wall', `${fmt(R.cliPackageMs)} ms`, p.sls ? `sls ÷ CLI ${x(ratio(p.sls.ms, R.cliPackageMs))}` : ''],
  ['', `\`sls package\` serverless@${p.sls?.version ?? SLS_VERSION}, 100 functions, whole process, offline: wall (CPU)`,
    p.sls ? `${int(p.sls.ms)} (${int(p.sls.cpuMs)}) ms, median of ${p.sls.runs.length}` : (quick ? 'skipped (--quick)' : 'not measured'), p.sls ? '1×' : ''],
  ['Explain', 'seed: native / WASM (with catalog)', `${fmt(en.seedMs, 2)} / ${fmt(ew.seedMs, 2)} ms`, ''],
  ['', '100-function config, denial on fn1: native / WASM', `${fmt(en.generatedMs, 1)} / ${fmt(ew.generatedMs, 1)} ms`, ''],
  ['', 'WASM: instantiate / first explain (no catalog)', `${fmt(ew.instantiateMs)} / ${fmt(ew.firstExplainMs)} ms`, ''],
  ['', 'WASM: IAM catalog / managed policies load', `${fmt(ew.catalogMs)} / ${fmt(ew.managedPoliciesMs)} ms`, ''],
  ['Log parsing', `${fmt(R.log.mb, 2)} MB log, native: wall / CPU (median of 7)`, `${fmt(R.log.wallMs)} / ${fmt(R.log.cpuMs)} ms`, R.log.wallMBs ? `${fmt(R.log.wallMBs)} MB/s` : ''],
  ['', `${fmt(R.logWasm.mb, 2)} MB log, WASM in Node \`parseLog\`: wall / CPU (median of ${R.logWasm.runs ?? '?'})`, `${fmt(R.logWasm.ms)} / ${fmt(R.logWasm.cpuMs)} ms`,
    R.logWasm.ms ? `${fmt(R.logWasm.mb / (R.logWasm.ms / 1000))} MB/s` : ''],
  ...R.sizes.map((s, i) => [i === 0 ? 'Sizes' : '', `${s.what} \`${s.file}\` (${s.when})`, `${int(s.raw)} B raw, ${int(s.gzip)} B gzip`, '']),
  ...(R.wasmFunctions ? [['', 'WASM code (build-wasm): functions, code bytes, largest function bodies', `${int(R.wasmFunctions.functions)}, ${int(R.wasmFunctions.codeBytes)} B; ${R.wasmFunctions.largest.map(int).join(', ')} B`, '']] : []),
  ['Page', 'initial transfer before the first answer, gzip -9', `${fmt(pg.initialGzip / 1024)} KB (${fmt(pg.initialRaw / 1024)} KB raw)`, ''],
  ['', `first result after navigation (median of ${pg.runs ?? '?'}; new context, window settled ${fmt(pg.settleMs, 0)} ms first)`, `${fmt(pg.firstMs?.median, 0)} ms (min ${fmt(pg.firstMs?.min, 0)}, max ${fmt(pg.firstMs?.max, 0)})`, ''],
  ...(pg.firstNewWindowMs ? [['', 'first result, navigating as the new window opens (its own WebUI start-up overlaps)', `${fmt(pg.firstNewWindowMs.median, 0)} ms (min ${fmt(pg.firstNewWindowMs.min, 0)}, max ${fmt(pg.firstNewWindowMs.max, 0)})`, '']] : []),
  ['', `re-analysis per keystroke, seed, Worker round trip (${pg.keys ?? '?'} keys)`, `${fmt(pg.keyMs?.median)} ms median, ${fmt(pg.keyMs?.p95)} ms p95`, ''],
  ['', 'engine `explain` alone in Chromium, main thread', `${fmt(pg.engineExplainMs?.median)} ms median`, ''],
];

// Goals stated in issues 3-7, checked against this run. `value` undefined = not measured in this run.
const catalog = sizeOf(/^iam-catalog/);
const goal = (issue, what, target, value, shown, met) => ({ issue, what, target, shown: value === undefined ? 'not measured' : shown, met: value === undefined ? undefined : met });
// Throughput ratios are judged on CPU time (steady on a shared machine) and shown with the wall-clock ratio.
const twoRatios = (w, c) => `${x(c)} CPU, ${x(w)} wall`;
const judged = (w, c) => (c !== undefined ? c : w);
const rWasm = [ratio(e.wasm, e.simulate), ratio(e.wasmCpu, e.simulateCpu)];
const rNative = [ratio(e.native, e.simulate), ratio(e.nativeCpu, e.simulateCpu)];
const rPkgNative = [ratio(p.sls?.ms, sz[100]?.nativeMs), ratio(p.sls?.cpuMs, sz[100]?.nativeCpuMs)];
const rPkgWasm = [ratio(p.sls?.ms, sz[100]?.wasmMs), ratio(p.sls?.cpuMs, sz[100]?.wasmCpuMs)];
const goals = [
  goal('#3', 'evaluator throughput, WASM (full module) vs iam-simulate', '≥ 100×', judged(...rWasm), twoRatios(...rWasm), judged(...rWasm) >= 100),
  goal('#3', 'evaluator throughput, native (parsed case, full trace as records) vs iam-simulate', '≥ 300×', judged(...rNative), twoRatios(...rNative), judged(...rNative) >= 300),
  goal('#3', 'cold start: instantiate the WASM module + answer the first case', '≤ 20 ms', e.wasmColdMs, `${fmt(e.wasmColdMs)} ms`, e.wasmColdMs <= 20),
  goal('#3', 'IAM catalog in the browser, gzipped (loaded lazily)', '≤ 300 KB', catalog?.gzip, `${fmt(catalog?.gzip / 1024)} KB`, catalog?.gzip / 1024 <= 300),
  goal('#4', 'packaging 100 functions, native vs `sls package`', '≥ 1000× faster', judged(...rPkgNative), twoRatios(...rPkgNative), judged(...rPkgNative) >= 1000),
  goal('#4', 'packaging 100 functions, WASM vs `sls package`', '≥ 1000× faster', judged(...rPkgWasm), twoRatios(...rPkgWasm), judged(...rPkgWasm) >= 1000),
  goal('#5', '5 MB log parsed, native (CPU, wall)', '"well under a second" (≤ 500 ms)', R.log.cpuMs,
    `${fmt(R.log.cpuMs)} ms CPU, ${fmt(R.log.wallMs)} ms wall`, R.log.cpuMs <= 500),
  goal('#5', '5 MB log parsed, WASM in Node (the page\'s engine; CPU, wall)', '"well under a second" (≤ 500 ms)', R.logWasm.cpuMs,
    `${fmt(R.logWasm.cpuMs)} ms CPU, ${fmt(R.logWasm.ms)} ms wall`, R.logWasm.cpuMs <= 500),
  goal('#7', 'page initial transfer (HTML+JS+CSS+WASM, gzipped, before the lazy catalog)', '≤ 250 KB', pg.initialGzip, `${fmt(pg.initialGzip / 1024)} KB`, pg.initialGzip / 1024 <= 250),
  goal('#7', 'page first result after navigation, headless Chromium, localhost', '≤ 500 ms', pg.firstMs?.median, `${fmt(pg.firstMs?.median, 0)} ms`, pg.firstMs?.median <= 500),
  goal('#7', 're-analysis per keystroke on the seed', '≤ 16 ms', pg.keyMs?.median, `${fmt(pg.keyMs?.median)} ms`, pg.keyMs?.median <= 16),
];
const mark = (m) => (m === undefined ? '–' : m ? '✓' : '✗');

section('Summary');
const pad = (s, n) => String(s).padEnd(n);
for (const [area, what, value, vs] of figures)
  console.log(`${pad(area, 15)}${pad(what, 84)}${pad(value, 44)}${vs}`);
console.log('');
console.log(`${pad('', 3)}${pad('issue', 6)}${pad('goal', 80)}${pad('target', 36)}measured`);
for (const g of goals) console.log(`${pad(mark(g.met), 3)}${pad(g.issue, 6)}${pad(g.what, 80)}${pad(g.target, 36)}${g.shown}`);
const met = goals.filter((g) => g.met === true).length, missed = goals.filter((g) => g.met === false).length;
console.log(`\ngoals: ${met} met, ${missed} not met, ${goals.length - met - missed} not measured in this run`);
console.log(`load average after: ${machine.loadAfter.map((l) => l.toFixed(2)).join(' ')}; the whole run took ${elapsedS.toFixed(0)} s`);
if (failures.length) console.log(`FAILED sections: ${failures.join(', ')}`);

// ---------------------------------------------------------------- docs/performance.md
if (write) {
  const doc = path.join(root, 'docs', 'performance.md');
  const cell = (s) => String(s).replace(/\|/g, '\\|');
  const md = [
    '<!-- bench:begin (generated by `bench/run-bench.sh --write`; edit the script, not this block) -->',
    `## Latest run: ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Command: \`bench/run-bench.sh${quick ? ' --quick' : ''} --write\` (${elapsedS.toFixed(0)} s${quick ? '; --quick: short durations, no `sls package`' : ''}).`,
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB RAM, ${machine.os} (Linux ${machine.kernel}); ` +
      `node ${machine.node}, ${machine.gxx}, ${machine.emcc}, ${pg.chromium ? `Chromium ${pg.chromium}` : machine.chromium}.`,
    `Native build \`${path.relative(root, build) || '.'}/\` (${machine.buildType}); WASM module \`build-wasm/\` built ${machine.wasmBuilt}; \`dist/\` built ${machine.distBuilt}; ` +
      `commit \`${machine.commit}\`${machine.dirty ? ' with uncommitted changes' : ''}.`,
    `Load average (1/5/15 min) ${machine.loadBefore.map((l) => l.toFixed(2)).join(' / ')} before, ${machine.loadAfter.map((l) => l.toFixed(2)).join(' / ')} after: ` +
      'the machine is shared (2 cores, several people building), so wall times are inflated and vary between runs; throughput ratios are ' +
      'therefore judged on CPU time (per CPU-second of the measuring process), with the wall-clock ratio beside them.',
    '',
    '### Goals (issues 3-7) checked against this run',
    '',
    '| | issue | goal | target | measured |',
    '|---|---|---|---|---|',
    ...goals.map((g) => `| ${mark(g.met)} | ${g.issue} | ${cell(g.what)} | ${cell(g.target)} | ${cell(g.shown)} |`),
    '',
    `${met} met, ${missed} not met${goals.length - met - missed ? `, ${goals.length - met - missed} not measured` : ''}.`,
    '',
    '### Figures',
    '',
    '| area | figure | value | ratio |',
    '|---|---|---|---|',
    ...figures.map(([a, w, v, r]) => `| ${cell(a)} | ${cell(w)} | ${cell(v)} | ${cell(r)} |`),
    '',
    `\`sls package\` ran offline (dummy credentials and region, \`bench/offline-guard.cjs\` refusing outgoing connections); ` +
      `network attempts it made: ${p.sls ? (p.sls.network.length ? p.sls.network.map((n) => `\`${n}\``).join(', ') : 'none') : 'not run'}.`,
    ...(failures.length ? ['', `Sections that failed in this run: ${failures.join(', ')}.`] : []),
    '<!-- bench:end -->',
  ].join('\n');
  let text = existsSync(doc) ? readFileSync(doc, 'utf8') : '# Performance\n';
  const re = /<!-- bench:begin[\s\S]*?<!-- bench:end -->/;
  if (re.test(text)) text = text.replace(re, md);
  else text = text.replace(/^(# [^\n]*\n)/, `$1\n${md}\n`);
  writeFileSync(doc, text);
  console.log(`updated ${path.relative(root, doc)}`);
}
rmSync(tmp, { recursive: true, force: true });
process.exitCode = failures.length ? 1 : 0;
