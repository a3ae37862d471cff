// Share links (#s= fragment): round trip with and without redaction, Mod+S, corrupted links, the
// >8 KB download offer, the Markdown report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { setup, newPage, offOrigin, settled, screenshot, setEditorText, editorText, readExample } from './support.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const seedConfig = readExample('seed', 'serverless.yml');
const seedLog = readExample('seed', 'error.log');
const decode = (url) => JSON.parse(zlib.inflateRawSync(Buffer.from(url.split('#s=')[1], 'base64url')).toString('utf8'));

async function shareFrom(page) {
  await page.evaluate(() => window.__whydenied.share());
  return page.evaluate(() => window.__whydenied.lastShareUrl);
}

test('share link round trip: same inputs and decision in a fresh page; state only in the fragment', async () => {
  const { page, context } = await newPage(env);
  await page.goto(`${env.url}/`);
  await settled(page);
  await page.click('.opts summary');
  await page.fill('#opt-stage', 'dev');
  const url = await shareFrom(page);
  assert.ok(url.startsWith(`${env.url}/#s=`), url.slice(0, 60));
  assert.ok(!url.includes('?'), 'never in the query string');
  const dto = decode(url);
  assert.equal(dto.v, 1);
  assert.equal(dto.config, seedConfig);
  assert.deepEqual(dto.opts, { stage: 'dev' });
  assert.ok(dto.engine.length > 0);

  const other = await newPage(env);
  await other.page.goto(url);
  await settled(other.page);
  assert.equal(await editorText(other.page, 'config'), seedConfig);
  assert.equal(await editorText(other.page, 'log'), seedLog);
  assert.equal(await other.page.inputValue('#opt-stage'), 'dev');
  assert.equal((await other.page.textContent('#verdict [data-testid=decision]')).trim(), 'ImplicitDeny');
  assert.deepEqual(offOrigin([...other.requests], env.url), []);
  await other.context.close();
  await context.close();
});

test('extra ${file()} files travel in the link and come back in the panel', async () => {
  const { page, context } = await newPage(env);
  await page.goto(`${env.url}/`);
  await settled(page);
  await page.click('#files-panel summary');
  await page.click('#files-add');
  await page.fill('#files-list .file-entry input', 'params.yml');
  await page.fill('#files-list .file-entry textarea', 'bucket: my-bucket\n');
  await settled(page);
  const dto = decode(await shareFrom(page));
  assert.deepEqual(dto.files, { 'params.yml': 'bucket: my-bucket\n' });
  const other = await newPage(env);
  await other.page.goto(await page.evaluate(() => window.__whydenied.lastShareUrl));
  await settled(other.page);
  assert.equal(await other.page.inputValue('#files-list .file-entry input'), 'params.yml');
  assert.equal(await other.page.inputValue('#files-list .file-entry textarea'), 'bucket: my-bucket\n');
  await other.context.close();
  await context.close();
});

test('Mod+S puts the share link in the address bar', async () => {
  const { page, context } = await newPage(env);
  await page.goto(`${env.url}/`);
  await settled(page);
  await page.click('#config-editor .cm-content');
  await page.keyboard.press('Control+s');
  await page.waitForFunction(() => location.hash.startsWith('#s='));
  assert.equal(decode(await page.evaluate(() => location.href)).log, seedLog);
  await context.close();
});

test('redacted share link: no account id or service name, same decision and fix', async () => {
  const { page, context } = await newPage(env);
  await page.goto(`${env.url}/`);
  await settled(page);
  await page.check('#redact');
  const url = await shareFrom(page);
  const dto = decode(url);
  assert.doesNotMatch(dto.log, /123456789012/);
  assert.doesNotMatch(dto.config + dto.log, /aws-cost-notifier/);
  // Markdown report is redacted the same way.
  await page.click('#markdown-btn');
  await page.waitForFunction(() => window.__whydenied.lastMarkdown);
  const md = await page.evaluate(() => window.__whydenied.lastMarkdown);
  assert.match(md, /ImplicitDeny/);
  assert.doesNotMatch(md, /123456789012|aws-cost-notifier/);
  const mdLink = /\((http[^)]*#s=[A-Za-z0-9_-]+)\)/.exec(md);
  assert.ok(mdLink, 'report links to the scenario');
  assert.doesNotMatch(decode(mdLink[1]).log, /123456789012/);

  const other = await newPage(env);
  await other.page.goto(url);
  await settled(other.page);
  assert.equal((await other.page.textContent('#verdict [data-testid=decision]')).trim(), 'ImplicitDeny');
  await other.page.click('#tab-fix');
  assert.match(await other.page.textContent('#pane-fix [data-testid=fix-statement]'), /cloudwatch:GetMetricStatistics/);
  assert.match(await other.page.textContent('#pane-why'), /my-service/);
  await other.context.close();
  await context.close();
});

test('corrupted links show a coded diagnostic and the page keeps working', async () => {
  const cases = [
    ['#s=%%%not-base64', 'WD9601'],
    ['#s=' + zlib.deflateRawSync(JSON.stringify({ v: 1, config: 'a', log: 'b' })).toString('base64url').slice(0, 10) + 'zz', 'WD960'],
    ['#s=' + zlib.deflateRawSync('{"v":2,"config":"a","log":"b"}').toString('base64url'), 'WD9604'],
  ];
  for (const [hash, code] of cases) {
    const { page, errors, context } = await newPage(env);
    await page.goto(`${env.url}/${hash}`);
    await settled(page);
    assert.match(await page.textContent('#banner'), new RegExp(code));
    await page.click('#tab-diag');
    assert.match(await page.textContent('#pane-diag'), new RegExp(code));
    // Falls back to the seed and still analyses it.
    assert.equal((await page.textContent('#verdict [data-testid=decision]')).trim(), 'ImplicitDeny');
    if (code === 'WD9601') await screenshot(page, 'bad-share-link');
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('a link over 8 KB offers a scenario file download instead', async () => {
  const { page, context } = await newPage(env);
  await page.goto(`${env.url}/`);
  await settled(page);
  // Incompressible filler: deflate cannot shrink random hex below the limit.
  const filler = Array.from({ length: 400 }, (_, i) => `# ${require_hex(i)}`).join('\n');
  await setEditorText(page, 'config', seedConfig + filler);
  await page.click('#share-btn');
  await page.waitForSelector('[data-testid=download-scenario]');
  assert.equal(await page.getAttribute('[data-testid=download-scenario]', 'download'), 'scenario.json');
  assert.equal(await page.evaluate(() => location.hash), '');
  await context.close();
});

function require_hex(i) {
  // deterministic pseudo-random hex (xorshift) so the test is reproducible
  let x = (i + 1) * 2654435761 >>> 0;
  let s = '';
  for (let k = 0; k < 8; k++) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; s += x.toString(16).padStart(8, '0'); }
  return s;
}

test('a downloaded scenario.json is read back with the same checks as a link', async () => {
  const { page, context } = await newPage(env);
  await page.goto(`${env.url}/`);
  await settled(page);
  const ok = await page.evaluate((c) => window.__whydenied.importScenarioFile(JSON.stringify({ v: 1, engine: 'x', config: c, log: 'L', opts: { stage: 'prod', evil: 1 }, files: { 'a.yml': 'k: v', '../x': 'no' } })), seedConfig);
  assert.deepEqual(ok, { config: seedConfig, log: 'L', opts: { stage: 'prod' }, files: { 'a.yml': 'k: v' } });
  assert.equal(await page.evaluate(() => window.__whydenied.importScenarioFile('{"v":2,"config":"a","log":"b"}')), null);
  await page.click('#tab-diag');
  assert.match(await page.textContent('#pane-diag'), /WD9604/);
  assert.equal(await page.evaluate(() => window.__whydenied.importScenarioFile('not json')), null);
  assert.match(await page.textContent('#pane-diag'), /WD9603/);
  // A version that is an object whose toString is not a function (found by tests/fuzz/share_fuzz.mjs).
  assert.equal(await page.evaluate(() => window.__whydenied.importScenarioFile('{"v":{"toString":1},"config":"a","log":"b"}')), null);
  assert.match(await page.textContent('#pane-diag'), /WD9604/);
  await context.close();
});
