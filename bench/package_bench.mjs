#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Packaging time on one machine, for generated configs of several sizes (bench/package_config.hpp, printed by
// `bench_package --print-config --functions N` so native and WASM time the very same text):
//   - the native engine (bench_package, run as a child process): median wall ms and CPU ms per package;
//   - the WASM module in Node (package({config})): median ms per call;
//   - optionally `sls package` of serverless@3.40.0 installed in a scratch folder (--sls DIR, where
//     DIR/node_modules/.bin/sls exists) on the --sls-functions config: a dev-only comparison, never a
//     dependency of the product. It runs offline: dummy credentials and region, and bench/offline-guard.cjs
//     preloaded, which refuses and records every outgoing connection (printed after the runs).
// Usage: node bench/package_bench.mjs [--native build/bin/bench_package] [--seconds N] [--functions 10,100,1000]
//          [--sls DIR] [--sls-functions 100] [--sls-runs 5] [--json FILE]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
const sizes = opt('--functions', '10,100,1000').split(',').map(Number);
const native = opt('--native', path.join(root, 'build', 'bin', 'bench_package'));
if (!existsSync(native)) throw new Error(`native bench not built: ${native}`);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const results = { sizes: {} };

const engine = await loadEngine({ catalog: false });
for (const n of sizes) {
  const config = execFileSync(native, ['--print-config', '--functions', String(n)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const out = execFileSync(native, ['--functions', String(n), '--seconds', String(seconds)], { encoding: 'utf8' }).trim();
  console.log(out);
  const m = /median ([\d.]+) ms.*CPU ([\d.]+) ms per package/.exec(out);
  const limited = /only (\d+) functions analysed \(limit (\w+)\)/.exec(out);

  const input = { config, stage: 'dev', region: 'eu-west-1' };
  const first = engine.package(input);
  if (first.diagnostics.some((d) => d.severity === 'error')) throw new Error(`the ${n}-function config did not package cleanly in WASM`);
  for (let i = 0; i < 3; i++) engine.package(input); // warm-up: let V8 tier up from its baseline compiler
  const samples = [];
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  while (performance.now() - start < seconds * 1000 || samples.length < 5) {
    const t0 = performance.now();
    engine.package(input);
    samples.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  const wasmCpuMs = (cpu.user + cpu.system) / 1000 / samples.length;
  const wasmMedian = median(samples);
  // A function-count limit (WD2080) truncates the work: say so beside the figure (the WASM build may predate it).
  const wasmLimit = first.diagnostics.find((d) => d.code === 'WD2080');
  console.log(`package (wasm): ${n} functions, median ${wasmMedian.toFixed(2)} ms over ${samples.length} runs, CPU ${wasmCpuMs.toFixed(2)} ms per package` +
    `${wasmLimit ? `; ${wasmLimit.message} (${wasmLimit.code})` : ''}`);
  results.sizes[n] = { bytes: Buffer.byteLength(config), nativeMs: m ? Number(m[1]) : undefined, nativeCpuMs: m ? Number(m[2]) : undefined, wasmMs: wasmMedian, wasmCpuMs,
    nativeAnalysed: limited ? Number(limited[1]) : n, wasmLimited: Boolean(wasmLimit) };
}

const slsDir = opt('--sls', null) && path.resolve(opt('--sls', null));
if (slsDir) {
  const n = Number(opt('--sls-functions', '100'));
  const runsWanted = Number(opt('--sls-runs', '5'));
  const sls = path.join(slsDir, 'node_modules', '.bin', 'sls');
  const installed = JSON.parse(readFileSync(path.join(slsDir, 'node_modules', 'serverless', 'package.json'), 'utf8')).version;
  const work = mkdtempSync(path.join(os.tmpdir(), 'wd-sls-bench-'));
  const netLog = path.join(work, 'network.log');
  writeFileSync(path.join(work, 'serverless.yml'), execFileSync(native, ['--print-config', '--functions', String(n)], { encoding: 'utf8' }));
  writeFileSync(path.join(work, 'handler.js'), 'exports.handler = async () => {};\n');
  const env = { ...process.env, HOME: path.join(slsDir, 'home'), SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off',
    SLS_DEPRECATION_DISABLE: '*', AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'bench-dummy-secret',
    AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1', AWS_SDK_LOAD_CONFIG: '0', WD_NET_LOG: netLog,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS || ''} --require ${path.join(root, 'bench', 'offline-guard.cjs')}`.trim() };
  for (const k of ['AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete env[k];
  // GNU time, when present, gives the CPU time of the whole process tree (user + system): steadier than the
  // wall time on a shared machine.
  const gnuTime = existsSync('/usr/bin/time');
  const runs = [], cpuRuns = [];
  for (let i = 0; i < runsWanted; i++) {
    const t0 = performance.now();
    const r = spawnSync(gnuTime ? '/usr/bin/time' : sls, [...(gnuTime ? ['-f', 'WDTIME %U %S', sls] : []), 'package', '--stage', 'dev', '--region', 'eu-west-1'],
      { cwd: work, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    runs.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`sls package failed (exit ${r.status}): ${r.stderr}`);
    const t = /WDTIME ([\d.]+) ([\d.]+)/.exec(r.stderr || '');
    if (t) cpuRuns.push(1000 * (Number(t[1]) + Number(t[2])));
  }
  const tried = existsSync(netLog) ? [...new Set(readFileSync(netLog, 'utf8').split('\n').filter(Boolean))] : [];
  rmSync(work, { recursive: true, force: true });
  const slsMedian = median(runs);
  const s = results.sizes[n] || {};
  console.log(`sls package (serverless@${installed}, ${n} functions, whole process, offline): median ${slsMedian.toFixed(0)} ms over ${runs.length} runs ` +
    `(${runs.map((r) => r.toFixed(0)).join(', ')} ms)`);
  const slsCpu = cpuRuns.length ? median(cpuRuns) : undefined;
  if (slsCpu) console.log(`sls package CPU time (user + system, whole process tree): median ${slsCpu.toFixed(0)} ms`);
  console.log(`sls package network attempts (refused): ${tried.length ? tried.join('; ') : 'none'}`);
  if (s.nativeMs) console.log(`ratio sls package / native package (${n} functions): ${(slsMedian / s.nativeMs).toFixed(0)}x wall` +
    `${slsCpu && s.nativeCpuMs ? `, ${(slsCpu / s.nativeCpuMs).toFixed(0)}x CPU` : ''} (goal >= 1000x)`);
  if (s.wasmMs) console.log(`ratio sls package / WASM package (${n} functions): ${(slsMedian / s.wasmMs).toFixed(0)}x wall` +
    `${slsCpu && s.wasmCpuMs ? `, ${(slsCpu / s.wasmCpuMs).toFixed(0)}x CPU` : ''} (goal >= 1000x)`);
  results.sls = { version: installed, functions: n, ms: slsMedian, cpuMs: slsCpu, runs, network: tried };
}
if (opt('--json', null)) writeFileSync(opt('--json', null), JSON.stringify(results, null, 2));
