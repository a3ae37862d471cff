// SPDX-License-Identifier: MIT
// The IAM evaluation corpus through the WebAssembly module: every case of
// tests/corpus/iam-eval/cases.jsonl must give the expected decision and (when given) reason class,
// exactly as the native golden test (tests/iam/corpus_test.cpp) requires.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadEngine, corpusPath } from './support.mjs';

const engine = await loadEngine();
const cases = readFileSync(corpusPath('iam-eval', 'cases.jsonl'), 'utf8')
  .split('\n').filter(Boolean).map((line) => JSON.parse(line));

test('iam-eval corpus through the WASM module', () => {
  const failures = [];
  for (const c of cases) {
    const out = engine.evaluate(c);
    assert.ok(Array.isArray(out.trace), `${c.id}: trace must be an array`);
    assert.ok(Array.isArray(out.diagnostics), `${c.id}: diagnostics must be an array`);
    const ok = out.decision === c.expected.decision &&
      (c.expected.reason_class === null || out.reasonClass === c.expected.reason_class);
    if (!ok) failures.push(`${c.id}: expected ${c.expected.decision} ${c.expected.reason_class}, got ${out.decision} ${out.reasonClass}`);
  }
  console.log(`iam-eval (wasm): ${cases.length - failures.length} passed, ${failures.length} failed`);
  assert.deepEqual(failures, []);
  assert.equal(cases.length, 220);
});

test('doc probe cases (tests/iam/cases/doc-probe-*.jsonl) through the WASM module: every settled case', () => {
  const probe = ['doc-probe-7.jsonl', 'doc-probe-8.jsonl', 'doc-probe-9.jsonl', 'doc-probe-10.jsonl', 'doc-probe-11.jsonl'].flatMap((name) => readFileSync(new URL(`../iam/cases/${name}`, import.meta.url), 'utf8')
    .split('\n').filter(Boolean).map((line) => JSON.parse(line)));
  const failures = [];
  let settled = 0;
  for (const c of probe) {
    if (c.doc_uncertain) continue;
    settled += 1;
    const out = engine.evaluate(c);
    const ok = out.decision === c.expected.decision &&
      (c.expected.reason_class === null || out.reasonClass === c.expected.reason_class);
    if (!ok) failures.push(`${c.id}: expected ${c.expected.decision} ${c.expected.reason_class}, got ${out.decision} ${out.reasonClass}`);
  }
  console.log(`doc probe (wasm): ${settled - failures.length} of ${settled} settled cases passed`);
  assert.deepEqual(failures, []);
  assert.ok(settled >= 429);
});

test('evaluate accepts a JSON string and answers bad input with diagnostics', () => {
  const out = engine.evaluate(JSON.stringify(cases[0]));
  assert.equal(out.decision, cases[0].expected.decision);
  const bad = engine.evaluate({ request: {} });
  assert.equal(bad.decision, 'Error');
  assert.ok(bad.diagnostics.some((d) => d.code === 'WD4301'));
});

test('unknown actions get a did-you-mean diagnostic', () => {
  const c = { identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
    request: { principal: 'arn:aws:iam::111111111111:role/app', action: 's3:GetObjekt', resource: 'arn:aws:s3:::b/k', context: {} } };
  const out = engine.evaluate(c);
  assert.equal(out.reasonClass, 'error:invalid.action');
  const d = out.diagnostics.find((x) => x.code === 'WD4101');
  assert.ok(d, JSON.stringify(out.diagnostics));
  assert.equal(d.args.suggestions[0], 's3:GetObject');
});
