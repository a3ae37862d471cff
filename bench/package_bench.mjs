#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Packaging time on one machine, same generated 100-function config (bench/package_config.hpp):
//   - the WASM module in Node (package({config})), median per call;
//   - the native engine (bench_package, run as a child process);
//   - optionally `sls package` of serverless@3.40.0 installed in a scratch folder (--sls DIR, where
//     DIR/node_modules/.bin/sls exists): a dev-only comparison, never a dependency of the product.
// Usage: node bench/package_bench.mjs [--native build/bin/bench_package] [--seconds N] [--sls DIR]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadEngine } from '../tests/wasm/support.mjs';


const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const seconds = Number(opt('--seconds', '2'));
const native = opt('--native', path.join(root, 'build', 'bin', 'bench_package'));
if (!existsSync(native)) throw new Error(`native bench not built: ${native}`);
const config = execFileSync(native, ['--print-config'], { encoding: 'utf8' });

const engine = await loadEngine({ catalog: false });
const input = { config, stage: 'dev', region: 'eu-west-1' };
const first = engine.package(input);
if (first.diagnostics.some((d) => d.severity === 'error')) throw new Error('config did not package cleanly in WASM');
const samples = [];
const start = performance.now();
while (performance.now() - start < seconds * 1000 || samples.length < 5) {
  const t0 = performance.now();
  engine.package(input);
  samples.push(performance.now() - t0);
}
samples.sort((a, b) => a - b);
const wasmMedian = samples[Math.floor(samples.length / 2)];
console.log(`package (wasm): median ${wasmMedian.toFixed(2)} ms over ${samples.length} runs`);
console.log(execFileSync(native, ['--seconds', String(seconds)], { encoding: 'utf8' }).trim());

const slsDir = opt('--sls', null);
if (slsDir) {
  const sls = path.join(slsDir, 'node_modules', '.bin', 'sls');
  const work = mkdtempSync(path.join(os.tmpdir(), 'wd-sls-bench-'));
  writeFileSync(path.join(work, 'serverless.yml'), config);
  writeFileSync(path.join(work, 'handler.js'), 'exports.handler = async () => {};\n');
  const env = { ...process.env, HOME: path.join(slsDir, 'home'), SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' };
  for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete env[k];
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    execFileSync(sls, ['package', '--stage', 'dev', '--region', 'eu-west-1'], { cwd: work, env, stdio: 'ignore' });
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  const slsMedian = runs[1];
  console.log(`sls package (serverless@3.40.0): median ${slsMedian.toFixed(0)} ms over 3 runs; ` +
    `WASM is ${(slsMedian / wasmMedian).toFixed(0)}x faster`);
}
