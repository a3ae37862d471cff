#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Log parsing in the WASM module under Node: the same 5 MB synthetic log as the native bench_log
// (`bench_log --print-log`), parsed whole with parseLog, median of N runs (7) after a warm-up; wall and CPU
// time. Prints figures.
//   node bench/log_bench.mjs [--native build/bin/bench_log] [--runs 7] [--json FILE]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadEngine, repoPath } from '../tests/wasm/support.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const log = execFileSync(opt('--native', repoPath('build', 'bin', 'bench_log')), ['--print-log'], { encoding: 'utf8', maxBuffer: 64 << 20 });
const mb = Buffer.byteLength(log) / (1024 * 1024);
const engine = await loadEngine({ catalog: false });
// As the page's Worker sends it: an object, whose long `log` the module hands over as raw text.
const input = { log };
let answer = JSON.parse(engine.callText('parseLog', input)); // warm-up
const runs = Number(opt('--runs', '7'));
const samples = [], cpuSamples = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  answer = engine.callText('parseLog', input);
  const c = process.cpuUsage(c0);
  samples.push(performance.now() - t0);
  cpuSamples.push((c.user + c.system) / 1000);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = median(samples), cpuMs = median(cpuSamples);
const denials = (JSON.parse(answer).denials || []).length;
console.log(`log parsing (wasm): ${mb.toFixed(2)} MB synthetic log, ${denials} distinct denials: median ${ms.toFixed(1)} ms wall ` +
  `(${(mb / (ms / 1000)).toFixed(1)} MB/s), ${cpuMs.toFixed(1)} ms CPU (${(mb / (cpuMs / 1000)).toFixed(1)} MB/s), ${runs} runs`);
if (opt('--json', null)) writeFileSync(opt('--json', null), JSON.stringify({ mb, ms, cpuMs, denials, runs }));
