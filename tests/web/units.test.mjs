// Node-only tests of the page's pure modules (no browser): share links, redaction, diff apply,
// GitHub suggestions, the YAML emitter, the build's origin check and CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { encodeState, decodeState, sharePayloadFromHash, hashParam, cleanFiles } from '../../web/src/shared/share.js';
import { redactScenario, buildRedactionMap, applyRedaction } from '../../web/src/shared/redact.js';
import { parseUnifiedDiff, applyUnifiedDiff, githubSuggestion } from '../../web/src/shared/diff.js';
import { toYaml, quoteStyleOf } from '../../web/src/shared/yaml-emit.js';
import { showValue } from '../../web/src/app/render.js';
import { checkNoExternalOrigins, CSP, expectedDecision } from '../../web/build.mjs';
import { HandoverEngine } from '../../web/src/shared/engine-client.js';
import { t, setLocale } from '../../web/src/shared/i18n.js';
import { ROOT } from './support.mjs';

const seedConfig = fs.readFileSync(path.join(ROOT, 'examples/seed/serverless.yml'), 'utf8');
const seedLog = fs.readFileSync(path.join(ROOT, 'examples/seed/error.log'), 'utf8');

test('share link round trip keeps every field', async () => {
  const payload = await encodeState({ engine: '1.2.3', config: seedConfig, log: seedLog, opts: { stage: 'prod', bogus: 'x' } });
  assert.match(payload, /^[A-Za-z0-9_-]+$/);
  const res = await decodeState(payload);
  assert.equal(res.ok, true);
  assert.equal(res.state.config, seedConfig);
  assert.equal(res.state.log, seedLog);
  assert.deepEqual(res.state.opts, { stage: 'prod' }); // unknown option dropped
  // The payload is plain deflate-raw: Node's zlib reads it too.
  const b64 = payload.replace(/-/g, '+').replace(/_/g, '/');
  const dto = JSON.parse(zlib.inflateRawSync(Buffer.from(b64, 'base64')).toString('utf8'));
  assert.equal(dto.v, 1);
  assert.equal(dto.engine, '1.2.3');
});

test('bad share links give coded results, never throw', async () => {
  assert.equal((await decodeState('@@@')).code, 'WD9601');
  assert.equal((await decodeState('')).code, 'WD9601');
  const good = await encodeState({ engine: '', config: 'a', log: 'b', opts: {} });
  assert.equal((await decodeState(good.slice(0, Math.floor(good.length / 2)) + 'AAAA')).ok, false);
  const notJson = zlib.deflateRawSync('not json').toString('base64url');
  assert.equal((await decodeState(notJson)).code, 'WD9603');
  const v2 = zlib.deflateRawSync(JSON.stringify({ v: 2, config: 'a', log: 'b' })).toString('base64url');
  assert.equal((await decodeState(v2)).code, 'WD9604');
  const missing = zlib.deflateRawSync(JSON.stringify({ v: 1, config: 5, log: 'b' })).toString('base64url');
  assert.equal((await decodeState(missing)).code, 'WD9605');
  const bomb = zlib.deflateRawSync(Buffer.alloc(3 * 1024 * 1024, 32)).toString('base64url');
  assert.equal((await decodeState(bomb)).ok, false);
});

test('extra files are kept only with safe relative names and text content', () => {
  assert.deepEqual(cleanFiles({ 'a.yml': 'x', '../etc/passwd': 'y', '/abs.yml': 'z', 'b.json': 5, 'dir/c.yml': 'w' }), { 'a.yml': 'x', 'dir/c.yml': 'w' });
  assert.deepEqual(cleanFiles(['a']), {});
  assert.deepEqual(cleanFiles(null), {});
});

test('hash parsing finds s= and other parameters', () => {
  assert.equal(sharePayloadFromHash('#s=abc&t=12'), 'abc');
  assert.equal(sharePayloadFromHash('#t=12'), null);
  assert.equal(hashParam('#s=abc&theme=dark', 'theme'), 'dark');
});

test('redaction replaces ids and names consistently in config and log', () => {
  const { config, log, map } = redactScenario(seedConfig, seedLog);
  assert.ok(!config.includes('aws-cost-notifier') && !log.includes('aws-cost-notifier'));
  assert.ok(!log.includes('123456789012'));
  // Same placeholder on both sides keeps the framework's naming consistent.
  const svc = map.get('aws-cost-notifier');
  assert.ok(svc);
  assert.ok(config.includes(`service: ${svc}`));
  assert.ok(log.includes(`assumed-role/${svc}-dev-ap-northeast-1-lambdaRole/${svc}-dev-main`));
  // Still a 12-digit account id, so the log still parses.
  assert.match(log, /arn:aws:sts::\d{12}:assumed-role/);
  // Unrelated text untouched.
  assert.ok(config.includes('handler: notify_cost.main'));
});

test('redaction replaces whole tokens only and covers buckets and tables', () => {
  const map = buildRedactionMap(['service: app\n', 'arn:aws:s3:::my-data-bucket/key arn:aws:dynamodb:us-east-1:111122223333:table/Orders']);
  assert.equal(applyRedaction('application app-dev-fn', map), `application ${map.get('app')}-dev-fn`);
  assert.ok(map.has('my-data-bucket'));
  assert.ok(map.has('Orders'));
  assert.ok(map.has('111122223333'));
});

const PATCH = `--- a/serverless.yml
+++ b/serverless.yml
@@ -5,2 +5,7 @@
   runtime: python3.7
   region: ap-northeast-1
+  iam:
+    role:
+      statements:
+        - Effect: Allow
+          Action: cloudwatch:GetMetricStatistics
`;

test('unified diff parses, applies and becomes a GitHub suggestion', () => {
  const hunks = parseUnifiedDiff(PATCH);
  assert.equal(hunks.length, 1);
  assert.equal(hunks[0].lines.filter((l) => l.op === '+').length, 5);
  const out = applyUnifiedDiff(seedConfig, PATCH);
  assert.ok(out.includes('region: ap-northeast-1\n  iam:\n    role:'));
  assert.equal(out.split('\n').length, seedConfig.split('\n').length + 5);
  // Edited above the hunk: still applies (drift tolerated) ...
  assert.ok(applyUnifiedDiff('# header\n' + seedConfig, PATCH).includes('  iam:'));
  // ... but not when the context is gone.
  assert.equal(applyUnifiedDiff(seedConfig.replace('region: ap-northeast-1', 'region: eu-west-1'), PATCH), null);
  const s = githubSuggestion(PATCH);
  assert.equal(s.from, 5);
  assert.equal(s.to, 6);
  assert.ok(s.text.startsWith('```suggestion\n  runtime: python3.7\n'));
});

test('YAML emitter quotes what YAML would misread', () => {
  const y = toYaml([{ Effect: 'Allow', Action: ['cloudwatch:GetMetricStatistics'], Resource: ['*'], Flag: 'yes', N: '123' }]);
  assert.match(y, /^- Effect: Allow$/m);
  assert.match(y, /^ {4}- cloudwatch:GetMetricStatistics$/m);
  assert.match(y, /- "\*"/);
  assert.match(y, /Flag: "yes"/);
  assert.match(y, /"N": "123"/);
});

test('the origin check flags other origins and allows namespace URIs', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-origin-'));
  fs.writeFileSync(path.join(dir, 'ok.js'), 'document.createElementNS("http://www.w3.org/2000/svg","svg")');
  assert.deepEqual(checkNoExternalOrigins(dir), []);
  fs.writeFileSync(path.join(dir, 'bad.html'), '<script src="https://cdn.example.com/x.js"></script>');
  fs.writeFileSync(path.join(dir, 'bad2.css'), 'a{background:url(//fonts.example.net/f.woff)}');
  // IAM policy data may hold URLs as condition values: data, never fetched.
  fs.writeFileSync(path.join(dir, 'managed-policies.0123456789.json'), '{"c":"https://example.org/x"}');
  fs.writeFileSync(path.join(dir, 'other.json'), '{"c":"https://example.org/x"}');
  const problems = checkNoExternalOrigins(dir);
  assert.equal(problems.length, 3);
  fs.rmSync(dir, { recursive: true });
});

test('the CSP pins scripts, connections and workers to our origin', () => {
  assert.match(CSP, /default-src 'self'/);
  assert.match(CSP, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  assert.match(CSP, /connect-src 'self'(;|$)/);
  assert.doesNotMatch(CSP, /https?:/);
});

test('gallery meta.json expected decision is read from the usual shapes', () => {
  assert.equal(expectedDecision({ expected: { decision: 'ExplicitDeny' } }), 'ExplicitDeny');
  assert.equal(expectedDecision({ decision: 'Allow' }), 'Allow');
  assert.equal(expectedDecision({ expected: { denials: [{ decision: 'ImplicitDeny' }] } }), 'ImplicitDeny');
  assert.equal(expectedDecision({}), null);
});

test('the built dist (if present) has no other origins and a CSP on every page', { skip: !fs.existsSync(path.join(ROOT, 'dist/build-info.json')) }, () => {
  const dist = path.join(ROOT, 'dist');
  assert.deepEqual(checkNoExternalOrigins(dist), []);
  for (const page of ['index.html', 'embed.html', 'v1/index.html', 'v1/embed.html']) {
    const html = fs.readFileSync(path.join(dist, page), 'utf8');
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${CSP}">`), page);
    assert.doesNotMatch(html, /<script>(?!<\/script>)/, `${page} has an inline script`);
  }
  assert.ok(fs.existsSync(path.join(dist, 'v1/embed.js')));
  assert.ok(fs.existsSync(path.join(dist, 'sw.js')));
});

test('intrinsics are shown in their short YAML form', () => {
  assert.equal(showValue('arn:aws:s3:::b'), 'arn:aws:s3:::b');
  assert.equal(showValue({ 'Fn::Sub': 'arn:${AWS::Partition}:logs:x' }), '!Sub arn:${AWS::Partition}:logs:x');
  assert.equal(showValue({ 'Fn::GetAtt': ['Table', 'Arn'] }), '!GetAtt Table.Arn');
  assert.equal(showValue({ Ref: 'Bucket' }), '!Ref Bucket');
  assert.equal(showValue({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }]] }), '!Join ["", [arn:, !Ref AWS::Partition]]');
  assert.equal(showValue({ a: 1, b: 2 }), '{"a":1,"b":2}');
});

// A stand-in for the engine's two homes: records which one answered. (The real engine runs in the page
// tests; here only the routing between the page's instance and the Worker is under test.)
function fakeHomes() {
  const calls = [];
  const page = { explain: (arg) => { calls.push(['page', 'explain', arg]); return JSON.stringify({ from: 'page' }); } };
  const worker = { mode: 'worker', call: async (method, arg) => { calls.push(['worker', method, arg]); return { from: 'worker', method }; }, cancel() { calls.push(['worker', 'cancel']); } };
  let ready;
  const workerReady = new Promise((r) => { ready = () => r(worker); });
  return { calls, page, worker, workerReady, ready: () => { ready(); return workerReady; } };
}

test('handover: the page answers small calls until the Worker is ready, then the Worker answers all', async () => {
  const h = fakeHomes();
  const engine = new HandoverEngine(h.workerReady, Promise.resolve(h.page));
  await Promise.resolve();
  assert.equal(engine.mode, 'main');
  assert.deepEqual(await engine.call('explain', { config: 'a', log: 'b' }), { from: 'page' });
  assert.equal(engine.lastMode, 'main');
  // The catalog always goes to the Worker: the call waits for it instead of loading into the page's copy.
  const catalog = engine.call('loadCatalog', '{}');
  // A large paste waits for the Worker too (only a Worker can be cancelled).
  const big = engine.call('explain', { config: 'a', log: 'x'.repeat(70 * 1024) });
  assert.equal(h.calls.length, 1);
  await h.ready();
  assert.deepEqual(await catalog, { from: 'worker', method: 'loadCatalog' });
  assert.deepEqual(await big, { from: 'worker', method: 'explain' });
  assert.deepEqual(await engine.call('explain', { config: 'a', log: 'b' }), { from: 'worker', method: 'explain' });
  assert.equal(engine.mode, 'worker');
  assert.equal(engine.lastMode, 'worker');
  assert.equal(engine.pageEngine, null, 'the page\'s instance is dropped once the Worker answers');
  engine.cancel();
  assert.deepEqual(h.calls.map((c) => c[0] + ':' + c[1]), ['page:explain', 'worker:loadCatalog', 'worker:explain', 'worker:explain', 'worker:cancel']);
});

test('handover: a Worker ready first answers everything; a page instance that fails leaves the Worker', async () => {
  const h = fakeHomes();
  await h.ready();
  const engine = new HandoverEngine(h.workerReady, new Promise((r) => setTimeout(() => r(h.page), 5)));
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(await engine.call('explain', {}), { from: 'worker', method: 'explain' });
  const h2 = fakeHomes();
  const failed = new HandoverEngine(h2.workerReady, Promise.reject(new Error('no module')));
  const pending = failed.call('explain', {});
  await h2.ready();
  assert.deepEqual(await pending, { from: 'worker', method: 'explain' });
});

test('page messages: English words agree with their count, Japanese keeps its own wording', () => {
  setLocale('en');
  assert.equal(t('fix.blastActions', { n: 1, list: 's3:GetObject' }), 'Grants 1 action: s3:GetObject');
  assert.equal(t('fix.blastActions', { n: 2, list: 'a, b' }), 'Grants 2 actions: a, b');
  assert.match(t('fix.blastFunctions', { role: 'R', n: 1, list: 'main' }), /^Role R is shared by 1 function: main\. The new permission applies to it\.$/);
  assert.match(t('fix.blastFunctions', { role: 'R', n: 3, list: 'a, b, c' }), /shared by 3 functions: a, b, c\. The new permission applies to all of them\.$/);
  assert.match(t('fix.suggestionLabel', { i: 1, n: 2, range: '7', lines: 1 }), /select line 7 of/);
  assert.match(t('fix.suggestionLabel', { i: 1, n: 2, range: '7-9', lines: 2 }), /select lines 7-9 of/);
  assert.equal(t('role.line', { n: 4 }), 'line 4');
  assert.equal(t('fix.blastActions', { list: 'x' }), 'Grants {n} {n|action|actions}: x', 'a missing value stays visible');
  setLocale('ja');
  const ja = t('fix.blastActions', { n: 1, list: 's3:GetObject' });
  assert.doesNotMatch(ja, /[{}|]/);
  assert.match(ja, /1/);
  setLocale('en');
});

test('a statement shown beside a patch quotes its scalars the way the patch does', () => {
  const statement = { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['*', "arn:aws:s3:::it's/*", 'a\nb'] };
  const single = '@@ -4,6 +4,9 @@\n   region: x\n+    - Effect: Allow\n+      Resource: \'*\'\n';
  const double = '@@ -4,6 +4,9 @@\n   region: "x"\n+      - "*"\n';
  assert.equal(quoteStyleOf(single), "'");
  assert.equal(quoteStyleOf(double), '"');
  assert.equal(quoteStyleOf('@@ -1 +1,2 @@\n a\n+b: c\n'), null);
  assert.equal(quoteStyleOf(' region: "x"\n-      - \'*\'\n'), null, 'only added lines count');
  const y = toYaml([statement], 0, { quote: "'" });
  assert.match(y, /^    - '\*'$/m);
  assert.match(y, /^    - s3:GetObject$/m, 'plain scalars stay plain');
  assert.match(y, /^    - 'arn:aws:s3:::it''s\/\*'$/m, 'a quote inside is doubled');
  assert.match(y, /^    - "a\\nb"$/m, 'a line break keeps double quotes');
  assert.match(toYaml([statement]), /^    - "\*"$/m);
  assert.equal(toYaml(["it's: x"], 0, { quote: "'" }), "- 'it''s: x'");
});
