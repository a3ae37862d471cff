#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// IAM evaluation throughput, in one run on one machine over the same cases
// (tests/corpus/iam-eval/cases.jsonl):
//   - the WhyDenied WASM module in Node (evaluate(case)), plus its cold start;
//   - the native engine (build dir's bench_eval, run as a child process);
//   - @cloud-copilot/iam-simulate@0.1.173, installed by this script into .bench-scratch/ (AGPL: a
//     dev-only comparison, never a dependency of the product, never copied or shipped).
// Usage: node bench/eval_bench.mjs [--seconds N] [--native PATH] [--no-simulate]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const seconds = Number(opt('--seconds', '2'));
const SIMULATE_VERSION = '0.1.173';

const cases = readFileSync(path.join(root, 'tests/corpus/iam-eval/cases.jsonl'), 'utf8')
  .split('\n').filter(Boolean).map((l) => JSON.parse(l));

async function measure(label, fn) {
  // Warm up, then run whole passes over the corpus until the time is up.
  for (const c of cases) await fn(c);
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (const c of cases) await fn(c);
    n += cases.length;
    elapsed = (performance.now() - start) / 1000;
  } while (elapsed < seconds);
  const rate = n / elapsed;
  console.log(`${label}: ${Math.round(rate)} evaluations/s`);
  return rate;
}

// ---- iam-simulate (scratch install) ----
function installSimulate() {
  const dir = path.join(root, '.bench-scratch', 'iam-simulate');
  const entry = path.join(dir, 'node_modules', '@cloud-copilot', 'iam-simulate', 'package.json');
  if (!existsSync(entry) || JSON.parse(readFileSync(entry, 'utf8')).version !== SIMULATE_VERSION) {
    mkdirSync(dir, { recursive: true });
    if (!existsSync(path.join(dir, 'package.json')))
      writeFileSync(path.join(dir, 'package.json'), '{"name":"bench-scratch","private":true}\n');
    console.log(`installing @cloud-copilot/iam-simulate@${SIMULATE_VERSION} into ${dir} ...`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `@cloud-copilot/iam-simulate@${SIMULATE_VERSION}`],
      { cwd: dir, stdio: 'inherit' });
  }
  return path.join(dir, 'node_modules', '@cloud-copilot', 'iam-simulate', 'dist', 'esm', 'index.js');
}

const named = (list, prefix) => (list || []).map((p, i) =>
  p && p.policy && !p.Statement ? { name: p.name || `${prefix}-${i + 1}`, policy: p.policy } : { name: `${prefix}-${i + 1}`, policy: p });
const levels = (list, prefix) => {
  if (!list || list.length === 0) return [];
  if (list[0] && list[0].orgIdentifier) return list.map((l) => ({ orgIdentifier: l.orgIdentifier, policies: named(l.policies, prefix) }));
  return [{ orgIdentifier: 'r-root', policies: named(list, prefix) }];
};
const accountOf = (arn) => (arn && arn.startsWith('arn:') ? arn.split(':')[4] : '');

function toSimulation(c) {
  const r = c.request;
  const context = {};
  for (const [k, v] of Object.entries(r.context || {})) context[k] = Array.isArray(v) ? v.map(String) : String(v);
  return {
    request: {
      principal: r.principal,
      action: r.action,
      resource: { resource: r.resource, accountId: r.resourceAccount || accountOf(r.resource) || accountOf(r.principal) },
      contextVariables: context,
    },
    identityPolicies: named(c.identityPolicies, 'identity'),
    permissionBoundaryPolicies: c.permissionBoundaryPolicies ? named(c.permissionBoundaryPolicies, 'boundary') : undefined,
    sessionPolicy: c.sessionPolicy,
    serviceControlPolicies: levels(c.serviceControlPolicies, 'scp'),
    resourceControlPolicies: levels(c.resourceControlPolicies, 'rcp'),
    resourcePolicy: c.resourcePolicy,
  };
}

async function main() {
  const results = {};

  // ---- WASM ----
  const wasmDir = process.env.WD_WASM_DIR || path.join(root, 'build-wasm');
  const generatedDir = process.env.WD_GENERATED_DIR || path.join(root, 'build', 'generated');
  if (existsSync(path.join(wasmDir, 'whydenied.mjs'))) {
    const t0 = performance.now();
    const { default: create } = await import(pathToFileURL(path.join(wasmDir, 'whydenied.mjs')).href);
    const engine = await create({ wasmBinary: readFileSync(path.join(wasmDir, 'whydenied.wasm')) });
    const first = engine.evaluate(JSON.stringify(cases[0]));
    const cold = performance.now() - t0;
    const t1 = performance.now();
    const catalogText = readFileSync(path.join(generatedDir, 'iam-catalog.json'), 'utf8');
    engine.loadCatalog(catalogText);
    const catalogMs = performance.now() - t1;
    console.log(`wasm cold start (import + instantiate + first case, no catalog): ${cold.toFixed(1)} ms (decision ${first.decision})`);
    console.log(`wasm catalog load (parse ${(catalogText.length / 1024).toFixed(0)} KB): ${catalogMs.toFixed(1)} ms`);
    results.wasmColdMs = cold;
    results.wasm = await measure('wasm evaluate(case string) with trace', (c) => engine.evaluate(JSON.stringify(c)));
  } else {
    console.log(`wasm: module not built (${wasmDir}/whydenied.mjs); run scripts/build-wasm.sh`);
  }

  // ---- native ----
  const native = opt('--native', process.env.WD_BENCH_EVAL || path.join(root, 'build', 'bin', 'bench_eval'));
  if (existsSync(native)) {
    const out = execFileSync(native, [String(seconds)], { encoding: 'utf8' });
    process.stdout.write(out);
    const m = /evaluate_case[^:]*:\s*(\d+)/.exec(out);
    const m2 = /no trace\):\s*(\d+)/.exec(out);
    if (m) results.native = Number(m[1]);
    if (m2) results.nativeNoTrace = Number(m2[1]);
  } else {
    console.log(`native: ${native} not built (cmake --build build --target bench_eval)`);
  }

  // ---- iam-simulate ----
  if (!args.includes('--no-simulate')) {
    const { runSimulation } = await import(pathToFileURL(installSimulate()).href);
    const sims = cases.map(toSimulation);
    let agree = 0;
    const toDecision = { Allowed: 'Allow', ExplicitlyDenied: 'ExplicitDeny', ImplicitlyDenied: 'ImplicitDeny' };
    for (let i = 0; i < sims.length; i++) {
      const r = await runSimulation(sims[i], {});
      const d = r.resultType === 'error' ? 'Error' : toDecision[r.overallResult];
      if (d === cases[i].expected.decision) agree++;
    }
    console.log(`iam-simulate@${SIMULATE_VERSION} agrees with the corpus on ${agree}/${cases.length} cases (sanity check of the input mapping)`);
    let k = 0;
    results.simulate = await measure(`iam-simulate@${SIMULATE_VERSION} runSimulation`, () => runSimulation(sims[k++ % sims.length], {}));
  }

  if (results.simulate) {
    if (results.wasm) console.log(`ratio wasm / iam-simulate: ${(results.wasm / results.simulate).toFixed(1)}x (goal >= 100x)`);
    if (results.native) console.log(`ratio native (JSON in/out, trace) / iam-simulate: ${(results.native / results.simulate).toFixed(1)}x (goal >= 300x)`);
    if (results.nativeNoTrace) console.log(`ratio native (no trace) / iam-simulate: ${(results.nativeNoTrace / results.simulate).toFixed(1)}x`);
  }
  if (results.wasmColdMs !== undefined) console.log(`cold start ${results.wasmColdMs.toFixed(1)} ms (goal <= 20 ms)`);
}

main().catch((e) => { console.error(e); process.exit(1); });
