// Regressions from the hands-on page review (round 1): one test per bug, in the review's order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { setup, newPage, settled, setEditorText, editorText, ROOT } from './support.mjs';
import { githubSuggestion } from '../../web/src/shared/diff.js';
import { collectGallery } from '../../web/build.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const fixture = (...p) => fs.readFileSync(path.join(ROOT, 'tests', 'web', 'fixtures', ...p), 'utf8');

async function openThree(contextOpts = {}) {
  const ctx = await newPage(env, contextOpts);
  await ctx.page.goto(`${env.url}/`);
  await settled(ctx.page);
  await setEditorText(ctx.page, 'config', fixture('three-denials', 'serverless.yml'));
  await setEditorText(ctx.page, 'log', fixture('three-denials', 'error.log'));
  await settled(ctx.page);
  return ctx;
}

test('#1 a merged patch is labelled as fixing every denial, and its blast radius counts all its actions', async () => {
  const { page, errors, context } = await openThree();
  const actions = ['s3:GetObject', 'dynamodb:BatchWriteItem', 'sqs:SendMessage'];
  assert.deepEqual((await page.locator('#verdict [data-testid=denied-action]').allTextContents()).map((s) => s.trim()), actions);
  await page.click('#tab-fix');
  for (let i = 0; i < actions.length; i++) {
    await page.locator('#verdict button.verdict').nth(i).click();
    const shared = await page.textContent('#pane-fix [data-testid=fix-shared]');
    assert.match(shared, /This patch fixes all 3 denials/);
    for (const a of actions) assert.ok(shared.includes(a), `the shared-patch note names ${a}`);
    const blast = await page.textContent('#pane-fix [data-testid=blast-radius]');
    assert.doesNotMatch(blast, /\b1 action\b/, 'the blast radius does not claim one action for a three-action patch');
    assert.match(blast, /newly allows 3 actions:/);
    const tableActions = await page.locator('#pane-fix table.statements tbody code').allTextContents();
    assert.deepEqual([...tableActions].sort(), [...actions].sort());
    const heads = await page.locator('#pane-fix h4').allTextContents();
    assert.ok(heads.some((x) => x.includes(`Statement for ${actions[i]}`)), `statement heading names the denial: ${heads}`);
  }
  // Japanese: the same note, translated.
  await page.selectOption('#lang-select', 'ja');
  await settled(page);
  assert.match(await page.textContent('#pane-fix [data-testid=fix-shared]'), /このパッチは 3 件の拒否をすべて修正します/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('#1 a single denial\'s own patch gets no shared-patch note', async () => {
  const { page, context } = await newPage(env);
  await page.goto(`${env.url}/`);
  await settled(page);
  await page.click('#tab-fix');
  assert.equal(await page.locator('#pane-fix [data-testid=fix-shared]').count(), 0);
  assert.match(await page.textContent('#pane-fix [data-testid=blast-radius]'), /1 action/);
  await context.close();
});

test('#2 GitHub suggestion: one block per hunk, each with the line range to select', async () => {
  const { page, errors, context } = await openThree({ permissions: ['clipboard-read', 'clipboard-write'] });
  await page.click('#tab-fix');
  const patch = await page.evaluate(() => window.__whydenied.state.result.denials[0].fix.patch);
  assert.equal((patch.match(/^@@/gm) || []).length, 2, 'the merged patch has two hunks');
  await page.click('#pane-fix button:has-text("Copy as GitHub suggestion")');
  await page.waitForFunction(async () => (await navigator.clipboard.readText()).includes('suggestion'));
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  const blocks = clip.split(/^Suggestion \d of 2: /m).slice(1);
  assert.equal(blocks.length, 2, clip);
  assert.match(blocks[0], /^select lines 12-17 of serverless\.yml/);
  assert.match(blocks[0], /```suggestion\n[\s\S]*dynamodb:BatchWriteItem[\s\S]*\n```\n/);
  assert.match(blocks[1], /^select lines 19-24 of serverless\.yml/);
  assert.match(blocks[1], /s3:GetObject[\s\S]*sqs:SendMessage/);
  assert.doesNotMatch(clip, /^[+-]/m, 'new lines, not diff markers');
  await page.waitForSelector('#toast:not([hidden])');
  assert.match(await page.textContent('#toast'), /12-17, 19-24/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('#2 githubSuggestion keeps every hunk; one hunk stays a bare block', () => {
  const two = '--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n a\n+b\n c\n@@ -10,1 +11,2 @@\n x\n+y\n';
  const s = githubSuggestion(two);
  assert.deepEqual(s.hunks.map((x) => [x.from, x.to]), [[1, 2], [10, 10]]);
  assert.match(s.text, /Suggestion 1 of 2: select lines 1-2 [\s\S]*```suggestion\na\nb\nc\n```/);
  assert.match(s.text, /Suggestion 2 of 2: select line 10 [\s\S]*```suggestion\nx\ny\n```/);
  const one = githubSuggestion('@@ -1,1 +1,2 @@\n a\n+b\n');
  assert.equal(one.text, '```suggestion\na\nb\n```\n');
});

test('#3 a redacted share link gives the same verdict as the original for every gallery example', async () => {
  const { page, context, errors } = await newPage(env, { permissions: ['clipboard-read', 'clipboard-write'] });
  await page.goto(`${env.url}/`);
  await settled(page);
  const ids = await page.locator('.gallery-item').evaluateAll((els) => els.map((e) => e.dataset.example));
  assert.ok(ids.length >= 10, `gallery: ${ids}`);
  const verdict = (p) => p.evaluate(() => window.__whydenied.state.result.denials.map((d) => `${d.action} ${d.decision} ${d.fix && d.fix.kind}`));
  const other = await context.newPage();
  for (const id of ids) {
    await page.click(`.gallery-item[data-example="${id}"]`);
    await settled(page);
    const original = await verdict(page);
    await page.check('#redact');
    const url = await page.evaluate(() => window.__whydenied.share());
    await other.goto('about:blank');
    await other.goto(url);
    await settled(other);
    assert.deepEqual(await verdict(other), original, `${id}: redacted link ${url.length} chars`);
  }
  // The gallery's own case: a service named like the AWS service prefix keeps the action and ARN.
  await page.click('.gallery-item[data-example="09-scp-denial"]');
  await settled(page);
  await page.check('#redact');
  await other.goto(await page.evaluate(() => window.__whydenied.share()));
  await settled(other);
  const config = await other.evaluate(() => window.__whydenied.editors.config.text);
  assert.match(config, /Action: translate:TranslateText/);
  assert.doesNotMatch(config, /^service: translate$/m);
  assert.match(await other.evaluate(() => window.__whydenied.editors.log.text), /perform: translate:TranslateText/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('#3 redaction never rewrites action prefixes, ARN service fields or service principals', async () => {
  const { redactScenario } = await import('../../web/src/shared/redact.js');
  const config = 'service: s3\nprovider:\n  iamRoleStatements:\n    - Effect: Allow\n      Action: ["s3:GetObject", "sqs:*"]\n      Resource: arn:aws:s3:::s3-dev-data/*\n      Principal: { Service: s3.amazonaws.com }\n';
  const log = 'User: arn:aws:sts::123456789012:assumed-role/s3-dev-us-east-1-lambdaRole/s3-dev-f is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::s3-dev-data/k"';
  const r = redactScenario(config, log);
  assert.match(r.config, /"s3:GetObject", "sqs:\*"/);
  assert.match(r.config, /Resource: arn:aws:s3:::my-service-dev-data\/\*/);
  assert.match(r.config, /Service: s3\.amazonaws\.com/);
  assert.match(r.config, /^service: my-service$/m);
  assert.match(r.log, /perform: s3:GetObject on resource: "arn:aws:s3:::my-service-dev-data\/k"/);
  assert.match(r.log, /assumed-role\/my-service-dev-us-east-1-lambdaRole\/my-service-dev-f/);
});

test('#4 redaction replaces e-mails, session and user names, queues, secrets, key and request ids with stable placeholders', async () => {
  const { redactScenario } = await import('../../web/src/shared/redact.js');
  const config = `service: billing-api
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: secretsmanager:GetSecretValue
          Resource: arn:aws:secretsmanager:eu-west-1:210987654321:secret:prod/acme-corp/db-*
        - Effect: Allow
          Action: kms:Decrypt
          Resource: arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab
        - Effect: Allow
          Action: sqs:SendMessage
          Resource: arn:aws:sqs:eu-west-1:210987654321:acme-invoices-queue
`;
  const log = `START RequestId: 3f1c9a2e-8d41-4b7a-9c55-0e6f2b7d1a90 Version: $LATEST
User: arn:aws:sts::210987654321:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice.smith@acme-corp.com is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab
User: arn:aws:iam::210987654321:user/bob.jones is not authorized to perform: sqs:SendMessage on resource: arn:aws:sqs:eu-west-1:210987654321:acme-invoices-queue
User: arn:aws:sts::210987654321:assumed-role/ops/nightly-batch-run is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:eu-west-1:210987654321:secret:prod/acme-corp/db-AbCdEf (Service: SecretsManager; Request ID: 7XQ2ZJ9K4M8N1P3R)
END RequestId: 3f1c9a2e-8d41-4b7a-9c55-0e6f2b7d1a90`;
  const r = redactScenario(config, log);
  const all = r.config + r.log;
  for (const leak of ['alice.smith', 'acme-corp', 'bob.jones', 'acme-invoices-queue', 'nightly-batch-run', '1234abcd-12ab', '3f1c9a2e', '7XQ2ZJ9K4M8N1P3R', '210987654321']) {
    assert.ok(!all.includes(leak), `${leak} left in:\n${all}`);
  }
  // Stable: one value, one placeholder, in the config and the log alike.
  const key = r.map.get('1234abcd-12ab-34cd-56ef-1234567890ab');
  assert.match(key, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'still a key id');
  assert.ok(r.config.includes(`key/${key}`) && r.log.includes(`key/${key}`));
  const queue = r.map.get('acme-invoices-queue');
  assert.ok(r.config.endsWith(`:${queue}\n`) && r.log.includes(`:${queue}\n`));
  assert.equal((r.log.match(new RegExp(r.map.get('3f1c9a2e-8d41-4b7a-9c55-0e6f2b7d1a90'), 'g')) || []).length, 2, 'both RequestId lines');
  // The secret keeps its random suffix apart, so the wildcard grant still covers it.
  const secret = r.map.get('prod/acme-corp/db');
  assert.ok(r.config.includes(`secret:${secret}-*`) && r.log.includes(`secret:${secret}-AbCdEf`));
  assert.match(r.log, /assumed-role\/[\w-]+\/person-1@example\.com is not/);
  assert.match(r.log, /:user\/user-1 is not/);
  assert.match(r.log, /\$LATEST/);
  // The same input redacts the same way every time.
  assert.deepEqual(redactScenario(config, log), r);
});

test('#5 after Cancel the previous result stays, marked cancelled; never "No AccessDenied message found"', async () => {
  const { page, errors, context } = await newPage(env);
  await page.goto(`${env.url}/`);
  await settled(page);
  assert.match(await page.textContent('#verdict'), /cloudwatch:GetMetricStatistics/);
  // A log long enough that its analysis is still running when Cancel is pressed.
  const log = await page.evaluate(() => window.__whydenied.editors.log.text);
  const noise = 'INFO 2026-11-30T20:00:00Z an ordinary log line that is not a denial, padding padding padding\n';
  await setEditorText(page, 'log', noise.repeat(40000) + log);
  await page.evaluate(async () => {
    document.querySelector('#analyse-btn').click();
    await new Promise((r) => setTimeout(r, 30));
    window.__whydenied.state.engine.cancel();
  });
  await page.waitForFunction(() => /cancelled/i.test(document.querySelector('#status').textContent));
  const verdict = await page.textContent('#verdict');
  assert.doesNotMatch(verdict, /No AccessDenied message found/);
  assert.equal(await page.getAttribute('#verdict [data-testid=stale]', 'data-reason'), 'cancelled');
  assert.match(verdict, /Analysis cancelled/);
  assert.match(verdict, /cloudwatch:GetMetricStatistics/, 'the previous result is kept');
  assert.match(await page.textContent('#pane-why'), /cloudwatch:GetMetricStatistics/);
  // Analyze again: a fresh answer, no longer marked.
  await page.click('#analyse-btn');
  await settled(page, 60000);
  assert.equal(await page.locator('#verdict [data-testid=stale]').count(), 0);
  assert.equal((await page.textContent('#verdict [data-testid=decision]')).trim(), 'ImplicitDeny');
  assert.deepEqual(errors, []);
  await context.close();
});

test('#6 a YAML syntax error keeps the last good result, marked stale, with the diagnostic named in the verdict area', async () => {
  const { page, errors, context } = await newPage(env);
  await page.goto(`${env.url}/`);
  await settled(page);
  const good = await page.evaluate(() => window.__whydenied.editors.config.text);
  // An unclosed flow sequence on the last line: nothing else changed.
  await setEditorText(page, 'config', `${good.replace(/\s*$/, '')}\n    description: [unclosed\n`);
  await settled(page);
  const stale = page.locator('#verdict [data-testid=stale]');
  assert.equal(await stale.getAttribute('data-reason'), 'syntax');
  assert.match(await stale.textContent(), /syntax error \(WD1\d{3} at line \d+:\d+\)/);
  assert.match(await page.textContent('#verdict'), /cloudwatch:GetMetricStatistics/, 'the last verdict is still shown');
  assert.equal((await page.textContent('#verdict [data-testid=decision]')).trim(), 'ImplicitDeny');
  assert.match(await page.textContent('#pane-why'), /cloudwatch:GetMetricStatistics/);
  await page.click('#tab-role');
  assert.match(await page.textContent('#pane-role'), /IamRoleLambdaExecution/);
  assert.match(await page.textContent('#config-diagnostics'), /WD1\d{3}/, 'the diagnostic is still next to the editor');
  // Fixed again: a fresh answer, not marked.
  await setEditorText(page, 'config', good);
  await settled(page);
  assert.equal(await stale.count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

function embedPayload(ex) {
  return zlib.deflateRawSync(JSON.stringify({ v: 1, engine: '', config: ex.config, log: ex.log, opts: ex.opts || {}, files: ex.files || {} })).toString('base64url');
}

test('#7 embed at the documented height 520: Run and "Open in full playground" are visible without scrolling, for every gallery example', async () => {
  const { gallery } = collectGallery();
  assert.ok(gallery.length >= 10);
  const { page, context } = await newPage(env, { viewport: { width: 720, height: 520 } });
  const visible = (sel) => page.evaluate((s) => {
    const el = document.querySelector(s);
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return r.top >= 0 && r.bottom <= innerHeight && r.width > 0 && (hit === el || el.contains(hit));
  }, sel);
  for (const ex of gallery) {
    await page.goto('about:blank');
    await page.goto(`${env.url}/v1/embed.html#s=${embedPayload(ex)}`);
    await page.waitForSelector('#run:not([disabled])');
    assert.ok(await visible('#run'), `${ex.id}: Run is visible at 520 px`);
    assert.ok(await visible('#open-full'), `${ex.id}: Open in full playground is visible at 520 px`);
  }
  // After a run the card is taller still: the buttons stay in view.
  await page.click('#run');
  await page.waitForFunction(() => document.documentElement.dataset.ran === '1', null, { timeout: 30000 });
  assert.ok(await visible('#open-full'), 'Open in full playground after Run');
  await context.close();
});

test('#8 the embed card passes the share link\'s files to the engine', async () => {
  const config = 'service: thumbs\nprovider:\n  name: aws\n  region: eu-west-1\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: s3:GetObject\n          Resource: arn:aws:s3:::${file(./params.yml):bucket}/*\nfunctions:\n  resize:\n    handler: h.resize\n';
  const log = 'User: arn:aws:sts::123456789012:assumed-role/thumbs-dev-eu-west-1-lambdaRole/thumbs-dev-resize is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::thumbs-uploads/cat.jpg because no identity-based policy allows the s3:GetObject action';
  const { page, context } = await newPage(env);
  const decisionWith = async (files) => {
    await page.goto('about:blank');
    await page.goto(`${env.url}/v1/embed.html#s=${embedPayload({ config, log, files })}`);
    await page.click('#run');
    await page.waitForFunction(() => document.documentElement.dataset.ran === '1', null, { timeout: 30000 });
    return (await page.textContent('#result [data-testid=decision]')).trim();
  };
  // The playground's answer for the same scenario: the grant covers the object once params.yml is read.
  assert.equal(await decisionWith({ 'params.yml': 'bucket: thumbs-uploads\n' }), 'Allow');
  assert.notEqual(await decisionWith({ 'params.yml': 'bucket: other-bucket\n' }), 'Allow');
  await context.close();
});

test("#9 Japanese: the Fix pane's warnings and the evaluation details' result badges are Japanese", async () => {
  const { page, errors, context } = await newPage(env, { locale: 'ja-JP' });
  await page.goto(`${env.url}/`);
  await settled(page);
  await page.click('.gallery-item[data-example="08-explicit-deny-in-config"]');
  await settled(page);
  await page.click('#tab-fix');
  const lint = await page.textContent('#pane-fix [data-testid=lint]');
  assert.match(lint, /WD5403/);
  assert.match(lint, /Deny ステートメントの削除について/, 'the warning leads with its Japanese text');
  await page.click('#tab-why');
  await page.click('#pane-why details.evaluation summary');
  const badges = await page.locator('#pane-why details.evaluation .badge[data-result]').allTextContents();
  assert.ok(badges.length > 0, 'the evaluation lists its policies');
  for (const b of badges) assert.ok(!['allow', 'deny', 'none'].includes(b.trim()), `badge "${b}" is translated`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('#10 at 375px the Why pane wraps long values inside the card instead of clipping them', async () => {
  const { page, errors, context } = await newPage(env, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
  await page.goto(`${env.url}/`);
  await settled(page);
  const r = await page.evaluate(() => {
    const pane = document.querySelector('#pane-why');
    const right = pane.getBoundingClientRect().right;
    const codes = [...pane.querySelectorAll('dl.kv dd code')];
    return { count: codes.length, over: codes.filter((c) => c.getBoundingClientRect().right > right + 0.5 || c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent) };
  });
  assert.ok(r.count > 0, 'the Why pane shows its key/value list');
  assert.deepEqual(r.over, [], 'no value runs past the card');
  assert.deepEqual(errors, []);
  await context.close();
});

test('#12 "Evaluation details" stays open when the page analyses again', async () => {
  const { page, errors, context } = await newPage(env);
  await page.goto(`${env.url}/`);
  await settled(page);
  await page.click('#pane-why details.evaluation summary');
  assert.equal(await page.locator('#pane-why details.evaluation').evaluate((d) => d.open), true);
  const config = await editorText(page, 'config');
  assert.ok(config.includes('service:'), 'the seed config is in the editor');
  await setEditorText(page, 'config', `${config.trimEnd()}\n# edited\n`);
  await settled(page);
  await page.waitForFunction(() => document.querySelector('#pane-why details.evaluation') !== null);
  assert.equal(await page.locator('#pane-why details.evaluation').evaluate((d) => d.open), true, 'still open after re-analysis');
  await page.click('#pane-why details.evaluation summary');
  await setEditorText(page, 'config', `${config.trimEnd()}\n# edited again\n`);
  await settled(page);
  assert.equal(await page.locator('#pane-why details.evaluation').evaluate((d) => d.open), false, 'closed stays closed');
  assert.deepEqual(errors, []);
  await context.close();
});

test('#22 embed.html links the favicon: no 404 on either path', async () => {
  for (const p of ['/embed.html', '/v1/embed.html']) {
    const { page, requests, errors, context } = await newPage(env);
    await page.goto(`${env.url}${p}#s=${embedPayload({ config: 'service: a\n', log: '' })}`);
    await page.waitForSelector('#run');
    const icon = await page.evaluate(() => { const l = document.querySelector('link[rel="icon"]'); return l && l.href; });
    assert.ok(icon, `${p}: a favicon link`);
    assert.equal((await page.request.get(icon)).status(), 200, icon);
    assert.deepEqual(errors.filter((e) => /404/.test(e)), [], `${p}: ${requests.join(' ')}`);
    await context.close();
  }
});

test('#13 a bad link arriving by hashchange says the user\'s text is unchanged, and it is', async () => {
  const { page, context } = await newPage(env);
  await page.goto(`${env.url}/`);
  await settled(page);
  const mine = 'service: my-own-work\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h.f\n';
  await setEditorText(page, 'config', mine);
  await settled(page);
  await page.evaluate(() => { location.hash = 's=AAAA'; });
  await page.waitForFunction(() => !document.querySelector('#banner').hidden);
  const banner = await page.textContent('#banner');
  assert.match(banner, /your text is unchanged/);
  assert.doesNotMatch(banner, /seed example is shown/);
  assert.equal(await editorText(page, 'config'), mine);
  await context.close();
});

test('#14 embed: set-lang after Run gives the result in the new language', async () => {
  const { page, context } = await newPage(env, { locale: 'en-US' });
  const { gallery } = collectGallery();
  await page.goto(`${env.url}/v1/embed.html#s=${embedPayload(gallery[0])}`);
  await page.click('#run');
  await page.waitForFunction(() => document.documentElement.dataset.ran === '1', null, { timeout: 30000 });
  const english = await page.textContent('#result');
  await page.evaluate(() => { document.documentElement.dataset.ran = ''; window.postMessage({ whydenied: { v: 1, type: 'set-lang', lang: 'ja' } }, '*'); });
  await page.waitForFunction(() => document.documentElement.dataset.ran === '1', null, { timeout: 30000 });
  const japanese = await page.textContent('#result');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ja');
  assert.notEqual(japanese, english);
  assert.match(japanese, /[\u3040-\u30ff]/, 'the result holds Japanese text');
  await context.close();
});

test('#16 a scenario.json opens from the toolbar (not only by drag and drop); a bad file says so', async () => {
  const { page, context } = await newPage(env);
  await page.goto(`${env.url}/`);
  await settled(page);
  const config = 'service: opened\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h.f\n';
  const log = 'User: arn:aws:sts::123456789012:assumed-role/opened-dev-us-east-1-lambdaRole/opened-dev-f is not authorized to perform: sqs:SendMessage on resource: arn:aws:sqs:us-east-1:123456789012:jobs because no identity-based policy allows the sqs:SendMessage action';
  const chooser = page.waitForEvent('filechooser');
  await page.click('[data-testid=open-scenario]');
  await (await chooser).setFiles({ name: 'scenario.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ v: 1, config, log, opts: {}, files: {} })) });
  await page.waitForFunction((c) => window.__whydenied.editors.config.text === c, config);
  await settled(page);
  assert.match(await page.textContent('#verdict'), /sqs:SendMessage/);
  const chooser2 = page.waitForEvent('filechooser');
  await page.click('[data-testid=open-scenario]');
  await (await chooser2).setFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await page.waitForSelector('#toast:not([hidden])');
  assert.match(await page.textContent('#toast'), /not a WhyDenied scenario/);
  assert.equal(await editorText(page, 'config'), config, 'a bad file leaves the text as it is');
  await context.close();
});

test('#23 a double click on Apply applies the patch once', async () => {
  const { page, context } = await newPage(env);
  await page.goto(`${env.url}/`);
  await settled(page);
  const before = await editorText(page, 'config');
  await page.click('#tab-fix');
  await page.dblclick('#pane-fix [data-testid=apply-fix]');
  await settled(page);
  const after = await editorText(page, 'config');
  assert.notEqual(after, before);
  assert.equal((after.match(/cloudwatch:GetMetricStatistics/g) || []).length, (before.match(/cloudwatch:GetMetricStatistics/g) || []).length + 1);
  await context.close();
});

test('#15 a malformed option or one the log contradicts is named at its field and in Diagnostics', async () => {
  const { page, context } = await newPage(env);
  await page.goto(`${env.url}/`);
  await settled(page);
  await page.click('.opts summary');
  await page.fill('#opt-account', 'abc');
  await settled(page);
  assert.equal(await page.getAttribute('#opt-account', 'aria-invalid'), 'true');
  assert.match(await page.getAttribute('#opt-account', 'title'), /WD5104/);
  await page.fill('#opt-account', '');
  await page.fill('#opt-region', 'eu-west-1');  // the seed's role was deployed in ap-northeast-1
  await settled(page);
  assert.equal(await page.getAttribute('#opt-region', 'aria-invalid'), 'true');
  await page.click('#tab-diag');
  assert.match(await page.textContent('#pane-diag'), /WD5107/);
  await page.fill('#opt-region', '');
  await settled(page);
  assert.equal(await page.getAttribute('#opt-region', 'aria-invalid'), null);
  assert.equal(await page.getAttribute('#opt-account', 'aria-invalid'), null);
  await context.close();
});
