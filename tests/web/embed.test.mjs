// The widget: embed.html in a sandboxed iframe (allow-scripts only) and a normal one, embed.js on a
// host page of another origin (auto-resize), the postMessage protocol never carrying user content.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { setup, newPage, offOrigin, screenshot, readExample, startHost, DIST } from './support.mjs';
import { startServer } from '../../web/serve.mjs';

let env, host, hostBase;
before(async () => {
  env = await setup();
  host = await startHost(); // the blog: another origin
  hostBase = host.url;
});
after(async () => { await env?.close(); await host?.close(); });

const config = readExample('seed', 'serverless.yml');
const log = readExample('seed', 'error.log');
const payload = zlib.deflateRawSync(JSON.stringify({ v: 1, engine: '', config, log, opts: {} })).toString('base64url');

function escapeAttr(s) { return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;'); }

async function hostPage(body) {
  const ctx = await newPage(env);
  const messages = [];
  await ctx.page.exposeFunction('__record', (m) => messages.push(m));
  const name = `/post-${Math.random().toString(36).slice(2)}.html`;
  host.set(name, `<!doctype html><html lang="en"><head><title>Host blog</title><link rel="icon" href="data:,"></head><body><h1>My post</h1>${body}
<script>addEventListener('message', function (e) { if (e.data && e.data.whydenied) window.__record(JSON.stringify(e.data)); });</script></body></html>`);
  await ctx.page.goto(`${hostBase}${name}`);
  return { ...ctx, messages };
}

function assertNoContentPosted(messages) {
  for (const m of messages) {
    assert.doesNotMatch(m, /aws-cost-notifier|GetMetricStatistics|123456789012/, 'message carries user content');
  }
}

async function runInFrame(frame) {
  await frame.waitForSelector('#run:not([disabled])');
  await frame.click('#run');
  await frame.waitForFunction(() => document.documentElement.dataset.ran === '1', null, { timeout: 20000 });
  return (await frame.textContent('#result [data-testid=decision]')).trim();
}

test('embed.html inside <iframe sandbox="allow-scripts">: runs on click, main-thread fallback, no storage', async () => {
  const { page, requests, messages, errors, context } = await hostPage(
    `<iframe id="wd" sandbox="allow-scripts" title="WhyDenied" style="width:720px;height:900px;border:0" src="${env.url}/v1/embed.html#s=${payload}&t=tok123"></iframe>`);
  const handle = await page.$('#wd');
  const f = await handle.contentFrame();
  await f.waitForSelector('#config-view .y-key');
  assert.match(await f.textContent('#log-view .log-hit'), /not authorized/);
  // Nothing heavy before the click: the engine is not fetched yet.
  assert.equal(requests.filter((u) => /whydenied.*\.(mjs|wasm)$/.test(u)).length, 0);
  assert.equal(await runInFrame(f), 'ImplicitDeny');
  assert.match(await f.textContent('#result [data-testid=fix-statement]'), /cloudwatch:GetMetricStatistics/);
  // An opaque origin cannot start our Worker: the engine ran on the main thread instead.
  assert.equal(await f.getAttribute('html', 'data-mode'), 'main');
  await screenshot(page, 'embed-sandboxed');
  // No allow-popups: "Open in full playground" asks the host (no URL, no content) and shows the link.
  await f.click('#open-full');
  await f.waitForSelector('#result input.copy-box');
  assert.ok((await f.inputValue('#result input.copy-box')).startsWith(`${env.url}/v1/index.html#s=`));
  const typesNow = () => messages.map((m) => JSON.parse(m).whydenied.type);
  for (let i = 0; i < 40 && !typesNow().includes('open-full'); i++) await page.waitForTimeout(50);
  const types = typesNow();
  assert.ok(types.includes('open-full'), types.join(','));
  assert.ok(types.includes('ready') && types.includes('resize'), types.join(','));
  assertNoContentPosted(messages);
  assert.deepEqual(offOrigin(requests, env.url).filter((u) => !u.startsWith(hostBase)), []);
  // Chromium logs the refused Worker of the opaque origin; anything else is a real error.
  assert.deepEqual(errors.filter((e) => !/SecurityError|sandbox/i.test(e)), []);
  await context.close();
});

test('embed.js on another origin: placeholder becomes an auto-resizing iframe; Run works; theme message', async () => {
  const { page, requests, messages, context } = await hostPage(
    `<div class="whydenied-embed" data-theme="dark" data-config="${escapeAttr(config)}" data-log="${escapeAttr(log)}"><pre data-role="config">${escapeAttr(config)}</pre></div>
<script async src="${env.url}/v1/embed.js"></script>`);
  await page.waitForSelector('.whydenied-embed iframe');
  const iframe = await page.$('.whydenied-embed iframe');
  assert.equal(await iframe.getAttribute('loading'), 'lazy');
  const f = await iframe.contentFrame();
  await f.waitForSelector('#config-view .y-key');
  // Auto-resize: the iframe height follows the card's height (initial fixed height is 420px).
  const fits = async () => {
    for (let i = 0; i < 30; i++) { // resizes are coalesced per animation frame: poll briefly
      const inner = await f.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
      const outer = await iframe.evaluate((el) => el.getBoundingClientRect().height);
      if (Math.abs(inner - outer) <= 2) return inner;
      await page.waitForTimeout(100);
    }
    return null;
  };
  await page.waitForFunction(() => document.querySelector('.whydenied-embed iframe').style.height !== '420px');
  const before = await fits();
  assert.ok(before, 'iframe height matches content');
  assert.equal(await f.getAttribute('html', 'data-theme'), 'dark');
  assert.equal(await runInFrame(f), 'ImplicitDeny');
  assert.equal(await f.getAttribute('html', 'data-mode'), 'worker');
  await page.waitForFunction((h) => parseFloat(document.querySelector('.whydenied-embed iframe').style.height) > h, before);
  assert.ok(await fits(), 'still fits after the result grew the card');
  await screenshot(page, 'embed-loader');
  assertNoContentPosted(messages);
  assert.deepEqual(offOrigin(requests, env.url).filter((u) => !u.startsWith(hostBase)), []);
  await context.close();
});

test('embed.html in a normal iframe, and a corrupted embed link shows a diagnostic', async () => {
  const { page, context } = await hostPage(
    `<iframe id="a" style="width:600px;height:900px" src="${env.url}/v1/embed.html#s=${payload}"></iframe>
     <iframe id="b" style="width:600px;height:300px" src="${env.url}/v1/embed.html#s=broken!!"></iframe>`);
  const a = await (await page.$('#a')).contentFrame();
  assert.equal(await runInFrame(a), 'ImplicitDeny');
  const full = await a.getAttribute('#open-full', 'href');
  assert.ok(full.startsWith(`${env.url}/v1/index.html#s=`));
  const b = await (await page.$('#b')).contentFrame();
  await b.waitForSelector('[data-testid=embed-error]');
  assert.match(await b.textContent('[data-testid=embed-error]'), /WD9601/);
  await context.close();
});

test('embed.html in a sandboxed iframe on a host without CORS headers: the card still shows its scenario, and Run says why it cannot start', async () => {
  const plain = await startServer({ dir: DIST, cors: false });
  try {
    const { page, errors, context } = await hostPage(
      `<iframe id="wd" sandbox="allow-scripts" title="WhyDenied" style="width:720px;height:900px;border:0" src="${plain.url}/v1/embed.html#s=${payload}"></iframe>`);
    const f = await (await page.$('#wd')).contentFrame();
    await f.waitForSelector('#config-view .y-key');
    assert.match(await f.textContent('#log-view .log-hit'), /not authorized/);
    await f.click('#run');
    await f.waitForSelector('[data-testid=embed-engine-error]', { timeout: 20000 });
    assert.match(await f.textContent('[data-testid=embed-engine-error]'), /CORS/);
    assert.ok((await f.getAttribute('[data-testid=embed-engine-error] + p a', 'href')).startsWith(`${plain.url}/v1/index.html#s=`));
    assert.ok(errors.every((e) => /SecurityError|sandbox|CORS|Access-Control|Failed to fetch|Failed to load resource|import/i.test(e)), errors.join('\n'));
    await context.close();
  } finally {
    plain.server.close();
  }
});
