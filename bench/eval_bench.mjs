#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// IAM evaluation throughput, in one run on one machine over the same cases
// (tests/corpus/iam-eval/cases.jsonl):
//   - the WhyDenied WASM module in Node (evaluate(case)), plus its cold start;
//   - the native engine (build dir's bench_eval, run as a child process);
//   - @cloud-copilot/iam-simulate@0.1.173, installed by this script into .bench-scratch/ (AGPL: a
//     dev-only comparison, never a dependency of the product, never copied or shipped).
// Usage: node bench/eval_bench.mjs [--seconds N] [--native PATH] [--eval-wasm DIR] [--no-simulate] [--json FILE]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { SIMULATE_VERSION, SIM_DECISION, installSimulate, toSimulation } from './iam_simulate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const seconds = Number(opt('--seconds', '2'));

const cases = readFileSync(path.join(root, 'tests/corpus/iam-eval/cases.jsonl'), 'utf8')
  .split('\n').filter(Boolean).map((l) => JSON.parse(l));

const results = {};
// Warm up, then run whole passes over the corpus until the time is up. Records evaluations per wall-clock
// second in results[key] and per CPU-second of this process in results[key + 'Cpu']: on a shared, loaded
// machine the CPU figure is the steadier one (it does not count the time other people's jobs ran).
async function measure(label, fn, key) {
  for (const c of cases) await fn(c);
  let n = 0;
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  let elapsed = 0;
  do {
    for (const c of cases) await fn(c);
    n += cases.length;
    elapsed = (performance.now() - start) / 1000;
  } while (elapsed < seconds);
  const cpu = process.cpuUsage(cpu0);
  const rate = n / elapsed;
  const cpuRate = n / ((cpu.user + cpu.system) / 1e6);
  console.log(`${label}: ${Math.round(rate)} evaluations/s (${Math.round(cpuRate)} per CPU-second)`);
  results[key] = rate;
  results[`${key}Cpu`] = cpuRate;
  return rate;
}

async function main() {
  // ---- WASM ----
  const wasmDir = process.env.WD_WASM_DIR || path.join(root, 'build-wasm');
  const generatedDir = process.env.WD_GENERATED_DIR || path.join(root, 'build', 'generated');
  if (existsSync(path.join(wasmDir, 'whydenied.mjs'))) try {
    const t0 = performance.now();
    const { default: create } = await import(pathToFileURL(path.join(wasmDir, 'whydenied.mjs')).href);
    const engine = await create({ wasmBinary: readFileSync(path.join(wasmDir, 'whydenied.wasm')) });
    const first = engine.evaluate(JSON.stringify(cases[0]));
    const cold = performance.now() - t0;
    const t1 = performance.now();
    const catalogText = readFileSync(path.join(generatedDir, 'iam-catalog.json'), 'utf8');
    const catalogDiags = engine.loadCatalog(catalogText);
    const catalogMs = performance.now() - t1;
    if (Array.isArray(catalogDiags) && catalogDiags.some((d) => d.severity === 'error'))
      console.log(`wasm: the full module rejected the catalog (module older than the generator?): ${JSON.stringify(catalogDiags)}`);
    console.log(`wasm cold start (import + instantiate + first case, no catalog): ${cold.toFixed(1)} ms (decision ${first.decision})`);
    console.log(`wasm catalog load (parse ${(catalogText.length / 1024).toFixed(0)} KB): ${catalogMs.toFixed(1)} ms`);
    results.wasmColdMs = cold;
    results.wasmCatalogMs = catalogMs;
    await measure('wasm evaluate(case string) with trace', (c) => engine.evaluate(JSON.stringify(c)), 'wasm');
  } catch (e) {
    console.log(`wasm: the full module failed to load: ${e.message}`);
  } else {
    console.log(`wasm: full module not built (${wasmDir}/whydenied.mjs); run scripts/build-wasm.sh`);
  }

  // ---- bench-only WASM evaluator (bench/eval_wasm_build.sh): core/iam alone ----
  const evalWasmDir = opt('--eval-wasm', process.env.WD_EVAL_WASM_DIR || path.join(root, 'build-iam-wasm'));
  const evalMjs = path.join(evalWasmDir, 'eval_bench_wasm.mjs');
  if (existsSync(evalMjs)) try {
    const t0 = performance.now();
    const { default: create } = await import(pathToFileURL(evalMjs).href);
    const M = await create({ wasmBinary: readFileSync(path.join(evalWasmDir, 'eval_bench_wasm.wasm')) });
    const call = (text) => {
      const len = M.lengthBytesUTF8(text);
      const p = M._malloc(len + 1);
      M.stringToUTF8(text, p, len + 1);
      const r = M._wd_eval_case(p, len);
      M._free(p);
      const out = M.UTF8ToString(r);
      M._wd_eval_free(r);
      return JSON.parse(out);
    };
    const first = call(JSON.stringify(cases[0]));
    const cold = performance.now() - t0;
    const catalogText = readFileSync(path.join(generatedDir, 'iam-catalog.json'), 'utf8');
    const t1 = performance.now();
    const len = M.lengthBytesUTF8(catalogText);
    const p = M._malloc(len + 1);
    M.stringToUTF8(catalogText, p, len + 1);
    M._wd_eval_load_catalog(p, len);
    M._free(p);
    const catalogMs = performance.now() - t1;
    let agree = 0;
    for (const c of cases) {
      const o = call(JSON.stringify(c));
      if (o.decision === c.expected.decision && (c.expected.reason_class === null || o.reasonClass === c.expected.reason_class)) agree++;
    }
    console.log(`wasm evaluator-only cold start (import + instantiate + first case, no catalog): ${cold.toFixed(1)} ms (decision ${first.decision})`);
    console.log(`wasm evaluator-only catalog load: ${catalogMs.toFixed(1)} ms; corpus ${agree}/${cases.length} pass`);
    results.wasmEvalColdMs = cold;
    results.wasmEvalCatalogMs = catalogMs;
    await measure('wasm evaluator-only evaluate_case(JSON text) with trace', (c) => call(JSON.stringify(c)), 'wasmEval');
  } catch (e) {
    // A bench-only extra: a module built before wasm/pre.js (Node loading fix) fails here; say so, go on.
    console.log(`wasm evaluator-only module (${evalWasmDir}) failed to load: ${e.message}; rebuild it with bench/eval_wasm_build.sh`);
  }

  // ---- native ----
  const native = opt('--native', process.env.WD_BENCH_EVAL || path.join(root, 'build', 'bin', 'bench_eval'));
  if (existsSync(native)) {
    const out = execFileSync(native, [String(seconds)], { encoding: 'utf8' });
    process.stdout.write(out);
    const grab = (re) => { const m = re.exec(out); return m ? Number(m[1]) : undefined; };
    results.nativeText = grab(/native JSON text in\/out[^:]*:\s*(\d+)/);
    results.native = grab(/native evaluate_case[^:]*:\s*(\d+)/);
    results.nativeNoTrace = grab(/no trace\):\s*(\d+)/);
    results.nativeTree = grab(/native json tree answer[^:]*:\s*(\d+)/);
    const grabCpu = (re) => { const m = re.exec(out); return m ? Number(m[1]) : undefined; };
    results.nativeTextCpu = grabCpu(/native JSON text in\/out[^\n]*\((\d+) per CPU-second/);
    results.nativeCpu = grabCpu(/native evaluate_case[^\n]*\((\d+) per CPU-second/);
    results.nativeNoTraceCpu = grabCpu(/no trace\):[^\n]*\((\d+) per CPU-second/);
    results.nativeTreeCpu = grabCpu(/native json tree answer[^\n]*\((\d+) per CPU-second/);
    results.nativeCatalogMs = grab(/native catalog load:\s*([\d.]+)/);
  } else {
    console.log(`native: ${native} not built (cmake --build build --target bench_eval)`);
  }

  // ---- iam-simulate ----
  if (!args.includes('--no-simulate')) {
    const { runSimulation } = await import(pathToFileURL(installSimulate()).href);
    const sims = cases.map((c) => toSimulation(c));
    let agree = 0;
    for (let i = 0; i < sims.length; i++) {
      const r = await runSimulation(sims[i], {});
      const d = r.resultType === 'error' ? 'Error' : SIM_DECISION[r.overallResult];
      if (d === cases[i].expected.decision) agree++;
    }
    console.log(`iam-simulate@${SIMULATE_VERSION} agrees with the corpus on ${agree}/${cases.length} cases (sanity check of the input mapping)`);
    let k = 0;
    await measure(`iam-simulate@${SIMULATE_VERSION} runSimulation`, () => runSimulation(sims[k++ % sims.length], {}), 'simulate');
  }

  if (results.simulate) {
    if (results.wasm) console.log(`ratio wasm / iam-simulate: ${(results.wasm / results.simulate).toFixed(1)}x (goal >= 100x)`);
    if (results.wasmEval) console.log(`ratio wasm evaluator-only / iam-simulate: ${(results.wasmEval / results.simulate).toFixed(1)}x (goal >= 100x)`);
    if (results.nativeText) console.log(`ratio native (JSON text in/out, trace) / iam-simulate: ${(results.nativeText / results.simulate).toFixed(1)}x (goal >= 300x)`);
    if (results.native) console.log(`ratio native (parsed case, trace as records) / iam-simulate: ${(results.native / results.simulate).toFixed(1)}x (goal >= 300x)`);
    if (results.nativeNoTrace) console.log(`ratio native (no trace) / iam-simulate: ${(results.nativeNoTrace / results.simulate).toFixed(1)}x`);
    const cpuRatio = (k) => (results[`${k}Cpu`] && results.simulateCpu ? `${(results[`${k}Cpu`] / results.simulateCpu).toFixed(1)}x` : 'n/a');
    console.log(`ratios per CPU-second: wasm ${cpuRatio('wasm')}, wasm evaluator-only ${cpuRatio('wasmEval')}, ` +
      `native text ${cpuRatio('nativeText')}, native parsed ${cpuRatio('native')}, native json tree ${cpuRatio('nativeTree')}, native no trace ${cpuRatio('nativeNoTrace')}`);
  }
  if (results.wasmColdMs !== undefined) console.log(`cold start ${results.wasmColdMs.toFixed(1)} ms (goal <= 20 ms)`);
  if (results.wasmEvalColdMs !== undefined) console.log(`cold start, evaluator-only module: ${results.wasmEvalColdMs.toFixed(1)} ms (goal <= 20 ms)`);
  results.simulateVersion = SIMULATE_VERSION;
  results.cases = cases.length;
  if (opt('--json', null)) writeFileSync(opt('--json', null), JSON.stringify(results, null, 2));
}

main().catch((e) => { console.error(e); process.exit(1); });
