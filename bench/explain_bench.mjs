// SPDX-License-Identifier: MIT
// Explain end to end in the WebAssembly module under Node: cold start (instantiate the module, answer the
// first explain without a catalog, as the page's first answer does), catalog load, and steady-state ms per
// explain call for the seed and for the generated n-function config with a denial on one of its functions
// (the same text as the native bench_explain: `bench_package --print-config/--print-log`). Prints figures;
// fails only on a wrong answer.
//   node bench/explain_bench.mjs [--seconds N] [--package-bench build/bin/bench_package] [--functions 100] [--json FILE]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { repoPath, wasmDir, generatedDir } from '../tests/wasm/support.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const seconds = Number(opt('--seconds', '2'));
const functions = Number(opt('--functions', '100'));
const packageBench = opt('--package-bench', repoPath('build', 'bin', 'bench_package'));
const seed = JSON.stringify({
  config: readFileSync(repoPath('examples', 'seed', 'serverless.yml'), 'utf8'),
  log: readFileSync(repoPath('examples', 'seed', 'error.log'), 'utf8'),
});

const t0 = performance.now();
const { default: createWhyDenied } = await import(pathToFileURL(path.join(wasmDir, 'whydenied.mjs')).href);
const engine = await createWhyDenied({ wasmBinary: readFileSync(path.join(wasmDir, 'whydenied.wasm')) });
const t1 = performance.now();
const first = engine.callText('explain', seed);
const t2 = performance.now();
engine.loadCatalog(readFileSync(path.join(generatedDir, 'iam-catalog.json'), 'utf8'));
const t3 = performance.now();
engine.loadManagedPolicies(readFileSync(path.join(generatedDir, 'managed-policies.json'), 'utf8'));
const t4 = performance.now();
const results = { instantiateMs: t1 - t0, firstExplainMs: t2 - t1, catalogMs: t3 - t2, managedPoliciesMs: t4 - t3 };
console.log(`wasm cold start: ${(t1 - t0).toFixed(1)} ms to instantiate, first explain (no catalog) ${(t2 - t1).toFixed(1)} ms`);
console.log(`wasm catalog load: ${(t3 - t2).toFixed(1)} ms (IAM catalog), ${(t4 - t3).toFixed(1)} ms (managed policies)`);

function time(label, input) {
  const f0 = performance.now();
  let answer = engine.callText('explain', input);
  const firstMs = performance.now() - f0;
  let n = 0;
  const start = performance.now();
  do { answer = engine.callText('explain', input); n++; } while (performance.now() - start < seconds * 1000 || n < 3);
  const per = (performance.now() - start) / n;
  console.log(`wasm explain (${label}, with catalog): ${per.toFixed(3)} ms/call over ${n} calls; first call ${firstMs.toFixed(3)} ms`);
  if (!answer.includes('ImplicitDeny')) {
    console.log(`wasm explain (${label}): unexpected answer ${answer.slice(0, 300)}`);
    process.exitCode = 1;
  }
  return per;
}

results.seedMs = time('seed', seed);
if (existsSync(packageBench)) {
  const config = execFileSync(packageBench, ['--print-config', '--functions', String(functions)], { encoding: 'utf8' });
  const log = execFileSync(packageBench, ['--print-log'], { encoding: 'utf8' });
  results.generatedMs = time(`${functions}-function config`, JSON.stringify({ config, log }));
  results.functions = functions;
} else {
  console.log(`wasm explain (${functions}-function config): skipped, ${packageBench} not built`);
}
if (!first.includes('ImplicitDeny')) process.exitCode = 1;
if (opt('--json', null)) writeFileSync(opt('--json', null), JSON.stringify(results, null, 2));
