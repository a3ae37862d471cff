// SPDX-License-Identifier: MIT
// The seed story end to end in the WebAssembly module under Node: cold start (instantiate the module,
// answer the first explain without a catalog, as the page's first answer does), catalog load, and
// steady-state ms per explain call. Prints figures; asserts nothing.
//   node bench/explain_bench.mjs [--seconds N]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { repoPath, wasmDir, generatedDir } from '../tests/wasm/support.mjs';

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 2;
const input = JSON.stringify({
  config: readFileSync(repoPath('examples', 'seed', 'serverless.yml'), 'utf8'),
  log: readFileSync(repoPath('examples', 'seed', 'error.log'), 'utf8'),
});

const t0 = performance.now();
const { default: createWhyDenied } = await import(pathToFileURL(path.join(wasmDir, 'whydenied.mjs')).href);
const engine = await createWhyDenied({ wasmBinary: readFileSync(path.join(wasmDir, 'whydenied.wasm')) });
const t1 = performance.now();
const first = engine.callText('explain', input);
const t2 = performance.now();
engine.loadCatalog(readFileSync(path.join(generatedDir, 'iam-catalog.json'), 'utf8'));
const t3 = performance.now();
engine.loadManagedPolicies(readFileSync(path.join(generatedDir, 'managed-policies.json'), 'utf8'));
const t4 = performance.now();

let n = 0;
const start = performance.now();
let answer;
do { answer = engine.callText('explain', input); n++; } while (performance.now() - start < seconds * 1000);
const per = (performance.now() - start) / n;

console.log(`wasm cold start: ${(t1 - t0).toFixed(1)} ms to instantiate, first explain (no catalog) ${(t2 - t1).toFixed(1)} ms`);
console.log(`wasm catalog load: ${(t3 - t2).toFixed(1)} ms (IAM catalog), ${(t4 - t3).toFixed(1)} ms (managed policies)`);
console.log(`wasm explain (seed, with catalog): ${per.toFixed(3)} ms/call over ${n} calls`);
if (!first.includes('ImplicitDeny') || !answer.includes('ImplicitDeny')) process.exitCode = 1;
