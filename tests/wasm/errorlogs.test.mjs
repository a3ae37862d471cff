// SPDX-License-Identifier: MIT
// The errorlogs corpus through the WebAssembly module's parseLog(text), with the same comparison rules as the
// native golden test (tests/log/errorlogs_corpus_test.cpp): each labelled field, negatives yield no denial,
// multi-denial cases yield every additional denial; cases listed in tests/corpus/KNOWN_DISAGREEMENTS.md are
// reported but do not fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { loadEngine, corpusPath } from './support.mjs';

const FIELDS = ['error_code', 'operation', 'action', 'principal_arn', 'principal_type', 'role_name',
  'session_name', 'account_id', 'resource_arn', 'reason_class'];

function asLabel(d) {
  const p = d.principal || {};
  let type = p.type || 'unknown';
  if (type === 'federated-user') type = 'federated';
  return {
    error_code: d.errorCode, operation: d.operation, action: d.action, principal_arn: p.arn,
    principal_type: type, role_name: p.roleName, session_name: p.sessionName, account_id: p.accountId,
    resource_arn: d.resource, reason_class: d.reason,
  };
}

// [asserted, expected value]
function expected(label, field) {
  if (field === 'action') {
    if (label.action != null) return [true, label.action];
    if ('action_inferred' in label) return [label.action_inferred != null, label.action_inferred];
    return ['action' in label, null];
  }
  if (field === 'resource_arn') {
    let v = label.resource_arn ?? label.resource_text ?? null;
    if (v === 'the specified resource') v = null;
    return ['resource_arn' in label || 'resource_text' in label, v];
  }
  return [field in label, label[field]];
}

function mismatches(label, ours, fields) {
  const bad = [];
  for (const f of fields) {
    const [asserted, want] = expected(label, f);
    if (!asserted) continue;
    const got = ours[f] ?? null;
    const same = f === 'action' && typeof want === 'string' && typeof got === 'string'
      ? want.toLowerCase() === got.toLowerCase() : want === got;
    if (!same) bad.push({ field: f, want, got });
  }
  return bad;
}

function knownDisagreements() {
  const file = corpusPath('KNOWN_DISAGREEMENTS.md');
  const known = new Map();
  if (!existsSync(file)) return known;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\| errorlogs\/(\S+) \| ([^|]+?) \|/.exec(line);
    if (!m) continue;
    if (!known.has(m[1])) known.set(m[1], new Set());
    known.get(m[1]).add(m[2].trim());
  }
  return known;
}

test('errorlogs corpus through parseLog', async () => {
  const engine = await loadEngine();
  const dir = corpusPath('errorlogs');
  const known = knownDisagreements();
  let passed = 0; let failed = 0;
  const unexpected = [];
  const logs = readdirSync(dir).filter((n) => n.endsWith('.log')).sort();
  assert.ok(logs.length >= 86);
  for (const name of logs) {
    const id = name.slice(0, -4);
    const label = JSON.parse(readFileSync(`${dir}/${id}.json`, 'utf8'));
    const answer = engine.parseLog(readFileSync(`${dir}/${name}`, 'utf8'));
    assert.ok(Array.isArray(answer.denials), `${id}: no denials array`);
    const ds = answer.denials;
    const problems = []; const fields = new Set();
    if (label.iam_denial === false) {
      if (ds.length) { problems.push(`negative yielded ${ds.length} denial(s)`); fields.add('negative'); }
    } else {
      const extra = label.additional_denials || [];
      if (ds.length !== 1 + extra.length) { problems.push(`expected ${1 + extra.length} denial(s), got ${ds.length}`); fields.add('count'); }
      if (ds.length) {
        for (const m of mismatches(label, asLabel(ds[0]), FIELDS)) { problems.push(JSON.stringify(m)); fields.add(m.field); }
        for (const add of extra) {
          const fs = FIELDS.filter((f) => f in add || (f === 'resource_arn' && 'resource_text' in add));
          if (!ds.slice(1).some((d) => mismatches(add, asLabel(d), fs).length === 0)) {
            problems.push(`additional denial not found: ${JSON.stringify(add)}`); fields.add('additional');
          }
        }
      }
    }
    if (!problems.length) { passed += 1; continue; }
    failed += 1;
    const isKnown = known.has(id) && [...fields].every((f) => known.get(id).has(f));
    console.log(`${isKnown ? '  known disagreement' : '  FAIL'} ${id}: ${problems.join('; ')}`);
    if (!isKnown) unexpected.push(id);
  }
  console.log(`errorlogs (wasm): ${passed} passed, ${failed} failed`);
  assert.deepEqual(unexpected, []);
});

test('parseLog never throws and reports no denial for text without one', async () => {
  const engine = await loadEngine();
  for (const text of ['', 'hello', '\u0000\u0001 User: is not authorized to perform:', '{"errorCode":']) {
    const answer = engine.parseLog(text);
    assert.deepEqual(answer.denials, []);
    assert.ok(answer.diagnostics.some((d) => d.code === 'WD3001'));
  }
});
