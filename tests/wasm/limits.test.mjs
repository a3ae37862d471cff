// SPDX-License-Identifier: MIT
// Issue 8 limits through the WebAssembly module: the heap is capped at 1 GB and running out of it
// answers WD9005 (the module stays usable), the largest accepted inputs fit well under the cap, and
// the core's limits (config size, step budget) answer with their codes here as natively.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadEngine, repoPath } from './support.mjs';

const engine = await loadEngine();
const GB = 1024 * 1024 * 1024;
const MB = 1024 * 1024;
const codes = (answer) => (answer.diagnostics || []).map((d) => d.code);
const seed = {
  config: readFileSync(repoPath('examples', 'seed', 'serverless.yml'), 'utf8'),
  log: readFileSync(repoPath('examples', 'seed', 'error.log'), 'utf8'),
};

test('the heap never grows past 1 GB: a larger allocation answers WD9005 instead of aborting', () => {
  const before = engine.explain(seed);
  assert.ok(before.denials.length > 0);
  const answer = engine.testAllocate(1.5 * GB);
  assert.deepEqual(codes(answer), ['WD9005']);
  assert.equal(answer.diagnostics[0].severity, 'error');
  assert.equal(answer.diagnostics[0].args.limitBytes, GB);
  assert.ok(engine.heapBytes() <= GB, `heap ${engine.heapBytes()} bytes`);
  // The module survives: the stack unwound, the memory is free again, answers are unchanged.
  const after = engine.explain(seed);
  assert.deepEqual(after, before);
});

test('filling the heap in steps reaches the cap and still answers WD9005', () => {
  // Just under the cap fails too (what is left after the module's own memory is below 1 GB) ...
  assert.deepEqual(codes(engine.testAllocate(GB - 16 * MB)), ['WD9005']);
  // ... while an allocation the size of the largest accepted log succeeds.
  const ok = engine.testAllocate(64 * MB);
  assert.equal(ok.allocated, 64 * MB);
  assert.deepEqual(codes(ok), []);
  assert.ok(engine.heapBytes() <= GB);
});

test('the largest accepted config and log stay far below the cap', () => {
  // A 1.9 MB config (under the 2 MB cap) and a 40 MB log with a denial at the end.
  // Mapping keys are the costliest YAML per byte (about 90 bytes of memory each, natively).
  let config = 'service: big\nprovider:\n  name: aws\ncustom:\n';
  for (let i = 0; config.length < 1.9 * MB; i++) config += `  key${i}: abcdefghijklmnopqrstuvwxyz\n`;
  config += 'functions:\n  main:\n    handler: h.main\n';
  const noise = '2024-01-01T00:00:00Z INFO request handled in 12 ms {"path":"/api/items","status":200}\n';
  const log = noise.repeat(Math.ceil((40 * MB) / noise.length)) + seed.log;
  const answer = engine.explain({ config, log });
  assert.ok(!codes(answer).includes('WD9005'), JSON.stringify(answer.diagnostics.slice(0, 3)));
  assert.ok(answer.denials.length > 0);
  assert.ok(engine.heapBytes() <= GB);
});

test('core limits answer with their codes through the module', () => {
  // WD1008: config over 2 MB.
  const big = 'service: x\nitems:\n' + '  - abcdefghijklmnopqrstuvwxyz0123456789\n'.repeat(Math.ceil((2 * MB) / 40) + 10);
  assert.ok(codes(engine.package({ config: big })).includes('WD1008'));
  // WD3006: log over 64 MB.
  const hugeLog = 'x'.repeat(64 * MB + 1);
  assert.ok(codes(engine.parseLog(hugeLog)).includes('WD3006'));
  // WD4303: a pathological wildcard pattern against a long ARN stops at the step budget.
  const pattern = 'arn:aws:s3:::*' + 'a?'.repeat(2000) + 'b*';
  const answer = engine.evaluate({
    identityPolicies: [{ name: 'p', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: pattern }] } }],
    request: { principal: 'arn:aws:iam::111111111111:role/app', action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/' + 'a'.repeat(20000), context: {} },  // an object: GetObject's type
  });
  assert.equal(answer.decision, 'Error');
  assert.equal(answer.reasonClass, 'error:step_budget');
  assert.ok(codes(answer).includes('WD4303'));
});
