// SPDX-License-Identifier: MIT
// The explain cases through the WebAssembly module: the seed (three variants), the corpus scenarios,
// our own cases (tests/explain/cases) and the gallery -- the same data the native golden tests read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadEngine, repoPath, corpusPath } from './support.mjs';

const engine = await loadEngine();
// Text as the page receives it: a string. A file saved as UTF-16 with its byte-order mark (Windows PowerShell's `>`)
// reaches the page already decoded (a paste, or a file the browser reads by its mark); the native runner gives the
// same bytes to the core, which converts them itself (WD9006).
const read = (...p) => {
  const bytes = readFileSync(path.join(...p));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return bytes.toString('utf8');
};
const dirs = (root) => readdirSync(root).filter((n) => statSync(path.join(root, n)).isDirectory()).sort();
const explain = (input) => {
  const out = engine.explain(input);
  return typeof out === 'string' ? JSON.parse(out) : out;
};

// A strict unified-diff applier (context must match), independent of the engine.
function applyPatch(original, patch) {
  const split = (t) => t.match(/[^\n]*\n|[^\n]+$/g) || [];
  const src = split(original);
  const p = split(patch);
  const out = [];
  let si = 0;
  let i = p.findIndex((l) => l.startsWith('@@'));
  if (i < 0) return null;
  while (i < p.length) {
    const m = /^@@ -(\d+)(?:,(\d+))? /.exec(p[i]);
    if (!m) return null;
    const count = m[2] === undefined ? 1 : Number(m[2]);
    const start = count === 0 ? Number(m[1]) : Number(m[1]) - 1;
    while (si < start) out.push(src[si++]);
    i++;
    while (i < p.length && !p[i].startsWith('@@')) {
      const kind = p[i][0];
      let body = p[i].slice(1);
      if (kind === '\\') { i++; continue; }
      if (i + 1 < p.length && p[i + 1].startsWith('\\ No newline') && body.endsWith('\n')) body = body.slice(0, -1);
      if (kind === ' ' || kind === '-') {
        if (src[si] !== body) return null;
        if (kind === ' ') out.push(body);
        si++;
      } else if (kind === '+') out.push(body);
      else return null;
      i++;
    }
  }
  while (si < src.length) out.push(src[si++]);
  return out.join('');
}

const SEED_FIX = { Effect: 'Allow', Action: ['cloudwatch:GetMetricStatistics'], Resource: ['*'] };

test('seed: error.log gives the issue-2 answer', () => {
  const config = read(repoPath('examples/seed/serverless.yml'));
  const doc = explain({ config, log: read(repoPath('examples/seed/error.log')) });
  assert.equal(doc.denials.length, 1);
  const d = doc.denials[0];
  assert.equal(d.action, 'cloudwatch:GetMetricStatistics');
  assert.equal(d.operation, 'GetMetricStatistics');
  assert.equal(d.errorCode, 'AccessDenied');
  assert.equal(d.resource, null);
  assert.equal(d.principal.type, 'assumed-role');
  assert.equal(d.principal.roleName, 'aws-cost-notifier-dev-ap-northeast-1-lambdaRole');
  assert.equal(d.principal.sessionName, 'aws-cost-notifier-dev-main');
  assert.equal(d.principal.accountId, '123456789012');
  assert.equal(d.reason, 'unspecified');
  assert.equal(d.function, 'main');
  assert.equal(d.role, 'IamRoleLambdaExecution');
  assert.equal(d.decision, 'ImplicitDeny');
  assert.ok(d.trace.some((r) => r.key === 'trace.no_action_match'));
  assert.equal(d.fix.kind, 'add-statement');
  assert.deepEqual(d.fix.statement, SEED_FIX);
  assert.equal(d.fix.verified, true);
  const patched = applyPatch(config, d.fix.patch);
  assert.ok(patched && patched.includes('  iam:\n    role:\n      statements:\n'));
  const again = explain({ config: patched, log: read(repoPath('examples/seed/error.log')) });
  assert.equal(again.denials[0].decision, 'Allow');
  assert.ok(doc.diagnostics.some((g) => g.code === 'WD5101' && g.severity === 'info'));
  assert.ok(doc.diagnostics.some((g) => g.code === 'WD5102' && g.severity === 'info'));
});

test('seed: redacted log and the author fix', () => {
  const config = read(repoPath('examples/seed/serverless.yml'));
  const posted = explain({ config, log: read(repoPath('examples/seed/error-as-posted.log')) });
  const d = posted.denials[0];
  assert.equal(d.function, 'main');
  assert.ok(d.redacted.length > 0);
  assert.deepEqual(d.fix.statement, SEED_FIX);
  assert.equal(d.fix.verified, true);
  for (const log of ['error.log', 'error-as-posted.log']) {
    const fixed = explain({ config: read(repoPath('examples/seed/serverless.fixed.yml')), log: read(repoPath('examples/seed', log)) });
    assert.equal(fixed.denials[0].decision, 'Allow');
    const w = fixed.diagnostics.find((g) => g.code === 'WD5504');
    assert.ok(w && w.message.includes('grants 11 action patterns where 1 action was needed'), log);
  }
});

test('seed: stage and region flags and Japanese text', () => {
  const config = read(repoPath('examples/seed/serverless.yml'));
  const log = read(repoPath('examples/seed/error.log'));
  const ja = explain({ config, log, locale: 'ja', region: 'ap-northeast-1', accountId: '123456789012' });
  const en = explain({ config, log });
  assert.equal(ja.denials[0].fix.patch, en.denials[0].fix.patch);
  assert.notEqual(ja.denials[0].trace[0].text, en.denials[0].trace[0].text);
  assert.ok(!ja.diagnostics.some((g) => g.code === 'WD5102'));  // a flag is not an inference
});

test('errors: empty inputs and non-Serverless config answer with diagnostics', () => {
  const empty = explain({ config: '', log: '' });
  assert.ok(empty.diagnostics.some((g) => g.code === 'WD5001'));
  const notSls = explain({ config: 'kind: Pod\n', log: read(repoPath('examples/seed/error.log')) });
  assert.ok(notSls.diagnostics.some((g) => g.code === 'WD5003' && g.line === 1));
});

test('scenarios: corpus expectations through WASM', () => {
  for (const name of dirs(corpusPath('scenarios'))) {
    const dir = corpusPath('scenarios', name);
    const expected = JSON.parse(read(dir, 'expected.json'));
    const config = read(dir, 'serverless.yml');
    const doc = explain({ config, log: read(dir, 'error.log') });
    assert.equal(doc.stage, expected.stage, name);
    assert.equal(doc.region, expected.region, name);
    assert.equal(doc.denials.length, expected.denials.length, name);
    expected.denials.forEach((e, i) => {
      const d = doc.denials[i];
      assert.equal(d.action, e.action, name);
      assert.equal(d.resource, e.resource, name);
      assert.equal(d.function, e.function, name);
      assert.equal(d.reason, e.reason, name);
      if (e.fixable_in_config) {
        assert.equal(d.fix.verified, true, name);
        assert.ok(applyPatch(config, d.fix.patch) !== null, name);
      } else {
        assert.equal(d.fix.kind, 'outside-config', name);
      }
    });
  }
});

test('cases and gallery through WASM', () => {
  for (const name of dirs(repoPath('tests/explain/cases'))) {
    const dir = repoPath('tests/explain/cases', name);
    const expected = JSON.parse(read(dir, 'expected.json'));
    const config = read(dir, 'serverless.yml');
    // The case's other files, as the CLI gives the files near the config (cli/inputs.cpp): YAML and JSON two
    // folders deep, `.env` and `.env.<stage>` beside it.
    const files = {};
    for (const f of readdirSync(dir)) {
      const full = path.join(dir, f);
      if (statSync(full).isDirectory()) {
        for (const g of readdirSync(full))
          if (/\.(ya?ml|json)$/.test(g) && !statSync(path.join(full, g)).isDirectory()) files[`${f}/${g}`] = read(full, g);
      } else if ((/\.(ya?ml|json)$/.test(f) || f === '.env' || f.startsWith('.env.')) && f !== 'serverless.yml' && f !== 'expected.json') {
        files[f] = read(dir, f);
      }
    }
    // The CLI flags the case was written for (`"args": ["--stage", "prod"]`).
    const flags = { '-s': 'stage', '--stage': 'stage', '-r': 'region', '--region': 'region', '--account-id': 'accountId' };
    const opts = {};
    for (let a = 0; a + 1 < (expected.args || []).length; a++)
      if (flags[expected.args[a]]) opts[flags[expected.args[a]]] = expected.args[++a];
    const doc = explain({ config, log: read(dir, 'error.log'), files, ...opts });
    assert.equal(doc.denials.length, expected.denials.length, name);
    expected.denials.forEach((e, i) => {
      const d = doc.denials[i];
      for (const k of ['action', 'resource', 'function', 'role', 'decision', 'reason', 'errorCode', 'service', 'operation', 'reasonPolicyArn', 'count', 'logicalId'])
        if (k in e) assert.deepEqual(d[k], e[k], `${name} ${k}`);
      if ('principalArn' in e) assert.equal(d.principal && d.principal.arn, e.principalArn, `${name} principal`);
      if ('fixKind' in e) assert.equal(d.fix.kind, e.fixKind, name);
      if (e.noOwnPatch) assert.ok(!d.fix.patch, `${name}: denial ${i} has its own patch`);
      if ('fixKindNot' in e) assert.notEqual(d.fix.kind, e.fixKindNot, `${name}: fix kind`);
      if (e.noRequest) assert.ok(!d.fix.request, `${name}: denial ${i} has a request`);
      if ('verified' in e) assert.equal(d.fix.verified, e.verified, name);
      if ('commandContains' in e) assert.ok(d.fix.request.command.includes(e.commandContains), `${name} command`);
      for (const text of [].concat(e.requestContains ?? [])) assert.ok(d.fix.request && d.fix.request.text.includes(text), `${name} request: ${text}`);
      // (Text the answer must say somewhere: the trace, the explanation or the fix's explanation.)
      const answer = JSON.stringify([d.trace, d.fix.explanation ?? null, d.explanation]);
      for (const text of e.answerContains || []) assert.ok(answer.includes(text), `${name}: the answer does not say ${text}`);
      for (const text of e.answerLacks || []) assert.ok(!answer.includes(text), `${name}: the answer says ${text}`);
      for (const key of e.fixRecords || []) assert.ok(d.fix.explanation.some((r) => r.key === key), `${name}: fix explanation lacks ${key}`);
      for (const key of e.explanationRecords || []) assert.ok(d.explanation.some((r) => r.key === key), `${name}: explanation lacks ${key}`);
    });
    for (const s of expected.patchContains || []) assert.ok(doc.patch.diff.includes(s), name);
    for (const s of expected.patchLacks || []) assert.ok(!doc.patch || !doc.patch.diff.includes(s), `${name}: the patch must not contain ${s}`);
    for (const r of expected.patchMatches || []) assert.ok(new RegExp(r, 'm').test(doc.patch ? doc.patch.diff : ''), `${name}: the patch does not match /${r}/`);
    for (const t of expected.denialLacks || []) assert.ok(!JSON.stringify(doc.denials).includes(t), `${name}: the denials say ${t}`);
    for (const c of expected.diagnosticsContain || []) assert.ok(doc.diagnostics.some((x) => x.code === c), `${name}: no diagnostic ${c}`);
    for (const c of expected.diagnosticsLack || []) assert.ok(!doc.diagnostics.some((x) => x.code === c), `${name}: diagnostic ${c}`);
    // (A text starting `re:` is a pattern, `^`/`$` at line ends, counted by its matches.)
    for (const [text, count] of Object.entries(expected.patchContainsCount || {}))
      assert.equal(text.startsWith('re:') ? (doc.patch.diff.match(new RegExp(text.slice(3), 'gm')) || []).length : doc.patch.diff.split(text).length - 1,
        count, `${name}: occurrences of ${text} in the patch`);
    for (const r of expected.patchNotMatches || []) assert.ok(!new RegExp(r, 'm').test(doc.patch ? doc.patch.diff : ''), `${name}: the patch matches /${r}/`);
    if (expected.patchedMatches || expected.patchedLacks) {
      const patched = applyPatch(config, doc.patch.diff);
      assert.ok(patched !== null, `${name}: the patch applies`);
      for (const r of expected.patchedMatches || []) assert.ok(new RegExp(r, 'm').test(patched), `${name}: the patched file does not match /${r}/`);
      for (const t of expected.patchedLacks || []) assert.ok(!patched.includes(t), `${name}: the patched file holds ${t}`);
    }
    if (expected.noPatch) assert.ok(!doc.patch || !doc.patch.diff, `${name}: no patch expected`);
    // Self-consistency, as the native runner checks it: the patched file with the same log needs no further patch,
    // unless the re-run says it reads the log differently (another KMS key, a missing S3 key).
    if (doc.patch && doc.patch.diff) {
      const patched = applyPatch(config, doc.patch.diff);
      assert.ok(patched !== null, `${name}: the patch applies`);
      const again = explain({ config: patched, log: read(dir, 'error.log'), files, ...opts });
      for (const d of again.denials)
        if (d.fix && d.fix.patch)
          assert.ok(d.explanation.some((r) => r.key === 'reason.other_kms_key' || r.key === 'reason.missing_key_listbucket'),
            `${name}: the patched file still needs a patch for ${d.action}`);
    }
    if ('stage' in expected) assert.equal(doc.stage, expected.stage, `${name}: stage`);
    if ('region' in expected) assert.equal(doc.region, expected.region, `${name}: region`);
    if ('lintCodes' in expected) assert.deepEqual(doc.lint.map((l) => l.code), expected.lintCodes, `${name}: lint codes`);
  }
  for (const name of dirs(repoPath('examples/gallery'))) {
    const dir = repoPath('examples/gallery', name);
    const meta = JSON.parse(read(dir, 'meta.json'));
    const config = read(dir, 'serverless.yml');
    const doc = explain({ config, log: read(dir, 'error.log') });
    assert.ok(doc.denials.length > 0, name);
    for (const d of doc.denials) {
      assert.equal(d.decision, meta.decision, name);
      assert.equal(d.fix.kind, meta.fixKind, name);
      if (d.fix.patch) {
        assert.equal(d.fix.verified, true, name);
        assert.ok(applyPatch(config, d.fix.patch) !== null, name);
      }
    }
  }
});
