// The playground in headless Chromium: the seed flow, malformed YAML, privacy (no off-origin request,
// CSP), lazy catalog, Japanese, dark mode, accessibility (axe-core), screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, newPage, offOrigin, waitForAnalyses, settled, screenshot, setEditorText, editorText, cursorLine, ROOT } from './support.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const analyses = (page) => page.evaluate(() => Number(document.documentElement.dataset.analyses || 0));

test('seed flow: ImplicitDeny, the fix statement, apply -> Allow, role and template panes', async () => {
  const { page, requests, errors, context } = await newPage(env);
  await page.goto(`${env.url}/`);
  await settled(page);
  assert.equal((await page.textContent('#verdict [data-testid=decision]')).trim(), 'ImplicitDeny');
  assert.match(await page.textContent('#verdict'), /cloudwatch:GetMetricStatistics/);
  assert.match(await page.textContent('#status'), /Web Worker/); // analysis runs off the main thread
  assert.match(await page.textContent('#pane-why [data-testid=trace]'), /\S/);
  await screenshot(page, 'playground-light');
  // CodeMirror took over from the plain editors: line numbers sit level with wrapped log lines.
  const drift = await page.evaluate(() => {
    const lines = [...document.querySelectorAll('#log-editor .cm-line')].slice(0, 4);
    const nums = [...document.querySelectorAll('#log-editor .cm-lineNumbers .cm-gutterElement')].filter((e) => /^\d+$/.test(e.textContent) && e.offsetHeight > 0).slice(0, 4);
    return lines.map((l, i) => Math.abs(l.getBoundingClientRect().top - nums[i].getBoundingClientRect().top));
  });
  assert.ok(drift.every((d) => d < 6), `gutter drift ${drift}`);

  await page.click('#tab-fix');
  const statement = await page.textContent('#pane-fix [data-testid=fix-statement]');
  assert.match(statement, /cloudwatch:GetMetricStatistics/);
  assert.match(statement, /Effect: Allow/);
  assert.match(await page.textContent('#pane-fix [data-testid=fix-diff]'), /statements/);
  await screenshot(page, 'playground-fix');

  await page.click('#pane-fix [data-testid=apply-fix]');
  await settled(page);
  const config = await editorText(page, 'config');
  assert.match(config, /cloudwatch:GetMetricStatistics/);
  assert.equal((await page.textContent('#verdict [data-testid=decision]')).trim(), 'Allow');

  await page.click('#tab-role');
  const roles = await page.textContent('#pane-role');
  assert.match(roles, /IamRoleLambdaExecution/);
  assert.match(roles, /logs:CreateLogStream/);
  // A statement from the config links to its line; clicking moves the editor's cursor there.
  const jump = page.locator('#pane-role button.link').last();
  const label = await jump.textContent();
  await jump.click();
  const line = await cursorLine(page, 'config');
  assert.equal(`line ${line}`, label.trim());

  await page.click('#tab-cfn');
  await page.waitForSelector('#pane-cfn [data-testid=cfn]');
  assert.match(await page.textContent('#pane-cfn [data-testid=cfn]'), /"AWS::IAM::Role"/);
  await page.click('#pane-cfn button.seg >> nth=1');
  assert.match(await page.textContent('#pane-cfn [data-testid=cfn]'), /Type: AWS::IAM::Role/);

  assert.notEqual((await page.textContent('#engine-version')).trim(), '…');
  assert.deepEqual(offOrigin(requests, env.url), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('malformed YAML: coded diagnostic with line:column next to the editor; the page keeps working', async () => {
  const { page, errors, context } = await newPage(env);
  await page.goto(`${env.url}/`);
  await settled(page);
  await setEditorText(page, 'config', 'service: broken\nprovider:\n  name: aws\n  runtime: [python3.7\nfunctions:\n  main:\n    handler: h.main\n');
  await settled(page);
  const strip = await page.textContent('#config-diagnostics');
  assert.match(strip, /WD1\d{3}/);
  assert.match(strip, /serverless\.yml \d+:\d+/);
  assert.ok(await page.locator('#config-editor .cm-lintRange-error, #config-editor .cm-lint-marker-error').count() > 0, 'inline marker in the editor');
  await screenshot(page, 'malformed-yaml');
  // Clicking the diagnostic moves the cursor to its line.
  const where = (await page.textContent('#config-diagnostics .where')).trim();
  await page.click('#config-diagnostics button.where');
  const line = await cursorLine(page, 'config');
  assert.equal(String(line), where.split(' ').pop().split(':')[0]);
  // Still alive: tabs work, the log editor is there, the diagnostics pane lists the code.
  await page.click('#tab-diag');
  assert.match(await page.textContent('#pane-diag'), /WD1\d{3}/);
  assert.ok(await page.isVisible('#log-editor .cm-content'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('privacy: CSP meta on every page, no request leaves the origin, the catalog loads after the first answer', async () => {
  const { page, requests, context } = await newPage(env);
  await page.goto(`${env.url}/`);
  await settled(page);
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(csp, /connect-src 'self'/);
  // The CSP is live: a fetch to another origin is refused by the browser.
  const blocked = await page.evaluate(() => fetch('https://example.com/').then(() => 'sent', () => 'blocked'));
  assert.equal(blocked, 'blocked');
  // The editor chunk (CodeMirror) is lazy too: fetched only after the first answer.
  assert.ok(env.info.assets.lazy.length >= 1);
  const lazy = await page.evaluate((names) => ({
    first: Number(document.documentElement.dataset.firstResult),
    starts: names.map((n) => (performance.getEntriesByType('resource').find((r) => r.name.endsWith(n)) || {}).startTime),
  }), env.info.assets.lazy);
  for (const start of lazy.starts) assert.ok(start >= lazy.first, `editor chunk at ${start} ms, first answer at ${lazy.first} ms`);
  assert.ok(await page.locator('#config-editor .cm-content').count() === 1, 'CodeMirror took over');
  if (env.info.assets.catalog) {
    // Resource timing of the catalog fetch vs the moment the first answer was rendered.
    const t = await page.evaluate((name) => ({
      first: Number(document.documentElement.dataset.firstResult),
      fetchStart: (performance.getEntriesByType('resource').find((r) => r.name.includes(name)) || {}).startTime,
      loaded: window.__whydenied.state.catalogLoaded,
    }), env.info.assets.catalog);
    assert.equal(t.loaded, true, 'catalog loaded');
    assert.ok(t.fetchStart >= t.first, `catalog requested at ${t.fetchStart} ms, first answer at ${t.first} ms`);
    assert.match(await page.textContent('#catalog-date'), /\d/);
  }
  for (const p of ['/v1/', '/embed.html', '/v1/embed.html']) {
    const res = await page.goto(`${env.url}${p}`);
    assert.equal(res.status(), 200, p);
    assert.ok(await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content'), p);
  }
  assert.deepEqual(offOrigin(requests, env.url).filter((u) => u !== 'https://example.com/'), []);
  await context.close();
});

test('Japanese: browser language selects ja; UI and engine sentences are Japanese; switch back to English', async () => {
  const { page, errors, context } = await newPage(env, { locale: 'ja-JP' });
  await page.goto(`${env.url}/`);
  await settled(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  assert.equal((await page.textContent('#tab-why')).trim(), '拒否の理由');
  const jaRe = /[\u3040-\u30ff\u4e00-\u9faf]/;
  assert.match(await page.textContent('#verdict'), jaRe);
  assert.match(await page.textContent('#pane-why [data-testid=trace]'), jaRe, 'engine trace rendered in Japanese');
  await screenshot(page, 'playground-ja');
  await page.selectOption('#lang-select', 'en');
  await settled(page);
  assert.equal((await page.textContent('#tab-why')).trim(), 'Why denied');
  assert.doesNotMatch(await page.textContent('#pane-why [data-testid=trace]'), jaRe);
  assert.deepEqual(errors, []);
  await context.close();
});

test('dark mode: follows the OS before first paint, toggle persists', async () => {
  const { page, context } = await newPage(env, { colorScheme: 'dark' });
  // Hold the app bundle back: the theme must already be right without it (no flash).
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route(/\/assets\/app\.[0-9a-f]+\.js$/, async (route) => { await held; await route.continue(); });
  await page.goto(`${env.url}/`, { waitUntil: 'commit' });
  await page.waitForSelector('body');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  release();
  assert.equal(bg, 'rgb(15, 18, 24)');
  await settled(page);
  await screenshot(page, 'playground-dark');
  await page.selectOption('#theme-select', 'light');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
  await page.reload();
  assert.equal(await page.getAttribute('html', 'data-theme'), 'light'); // stored preference wins over the OS
  await context.close();
});

test('keyboard: Mod+Enter analyses, tabs move with arrow keys', async () => {
  const { page, context } = await newPage(env);
  await page.goto(`${env.url}/`);
  await settled(page);
  const n = await analyses(page);
  await page.click('#log-editor .cm-content');
  await page.keyboard.press('Control+Enter');
  await waitForAnalyses(page, n + 1);
  await page.focus('#tab-why');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getAttribute('#tab-fix', 'aria-selected'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-fix');
  await context.close();
});

test('accessibility: axe-core finds no serious or critical violations (light and dark, each pane)', async () => {
  const axeSource = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  for (const colorScheme of ['light', 'dark']) {
    const { page, context } = await newPage(env, { colorScheme });
    await page.goto(`${env.url}/`);
    await settled(page);
    await page.evaluate(axeSource); // evaluated through DevTools, not subject to the page CSP
    for (const tab of ['why', 'fix', 'role', 'diag']) {
      await page.click(`#tab-${tab}`);
      const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`), [], `${colorScheme}/${tab}`);
    }
    // The embed card, after Run.
    await page.click('#share-btn');
    await page.waitForFunction(() => location.hash.startsWith('#s='));
    const hash = await page.evaluate(() => location.hash);
    await page.goto(`${env.url}/v1/embed.html${hash}`);
    await page.click('#run');
    await page.waitForFunction(() => document.documentElement.dataset.ran === '1');
    await page.evaluate(axeSource);
    const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`), [], `${colorScheme}/embed`);
    await context.close();
  }
});

test('fix actions: copy patch and GitHub suggestion to the clipboard, Markdown report', async () => {
  const { page, context } = await newPage(env, { permissions: ['clipboard-read', 'clipboard-write'] });
  await page.goto(`${env.url}/`);
  await settled(page);
  await page.click('#tab-fix');
  const clip = () => page.evaluate(() => navigator.clipboard.readText());
  const clipStarts = (prefix) => page.waitForFunction(async (p) => (await navigator.clipboard.readText()).startsWith(p), prefix);
  await page.click('#pane-fix button:has-text("Copy patch")');
  await page.waitForSelector('#toast:not([hidden])');
  const patch = await clip();
  assert.match(patch, /^--- a\/serverless\.yml\n\+\+\+ b\/serverless\.yml\n@@ /);
  assert.match(patch, /^\+.*cloudwatch:GetMetricStatistics/m);
  await page.click('#pane-fix button:has-text("Copy as GitHub suggestion")');
  await clipStarts('```suggestion');
  const suggestion = await clip();
  assert.match(suggestion, /^```suggestion\n[\s\S]*cloudwatch:GetMetricStatistics[\s\S]*\n```\n$/);
  assert.doesNotMatch(suggestion, /^[+-]/m, 'suggestion holds the new lines, not diff markers');
  await page.click('#markdown-btn');
  await clipStarts('## ');
  const md = await clip();
  assert.match(md, /`ImplicitDeny`/);
  assert.match(md, /```diff\n--- a\/serverless\.yml/);
  await context.close();
});

test('two denials in one log: one card each, selectable, and one combined patch that allows both', async () => {
  const dir = path.join(ROOT, 'tests/corpus/scenarios/29-two-denials-s3-dynamodb-boto3');
  const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
  const { page, errors, context } = await newPage(env);
  await page.goto(`${env.url}/`);
  await settled(page);
  await setEditorText(page, 'config', fs.readFileSync(path.join(dir, 'serverless.yml'), 'utf8'));
  await setEditorText(page, 'log', fs.readFileSync(path.join(dir, 'error.log'), 'utf8'));
  await settled(page);
  const cards = page.locator('#verdict button.verdict');
  assert.equal(await cards.count(), expected.denials.length);
  assert.deepEqual((await page.locator('#verdict [data-testid=denied-action]').allTextContents()).map((s) => s.trim()), expected.denials.map((d) => d.action));
  await cards.nth(1).click();
  assert.equal(await cards.nth(1).getAttribute('aria-pressed'), 'true');
  assert.match(await page.textContent('#pane-why'), new RegExp(expected.denials[1].action));
  await page.click('#tab-fix');
  const all = page.locator('#pane-fix [data-testid=apply-all]');
  assert.equal(await all.count(), 1, 'a combined patch is offered for two fixable denials');
  await all.click();
  await settled(page);
  const decisions = (await page.locator('#verdict [data-testid=decision]').allTextContents()).map((s) => s.trim());
  assert.deepEqual(decisions, expected.denials.map(() => 'Allow'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('start-up: the HTML preloads the engine and the app chunks; the engine file is fetched once and compiled by the page for itself and the Worker', async () => {
  const { page, requests, context } = await newPage(env);
  await page.goto(`${env.url}/`);
  await settled(page);
  const hints = await page.evaluate(() => ({
    modules: [...document.querySelectorAll('link[rel="modulepreload"]')].map((l) => l.href),
    wasm: [...document.querySelectorAll('link[rel="preload"][as="fetch"]')].map((l) => ({ href: l.href, crossorigin: l.getAttribute('crossorigin') })),
  }));
  assert.ok(hints.modules.length >= 1, 'the app\'s static chunks are preloaded');
  for (const m of hints.modules) assert.ok(!env.info.assets.lazy.some((lazy) => m.endsWith(lazy)), `a lazy chunk is not preloaded: ${m}`);
  assert.deepEqual(hints.wasm.map((w) => w.href), [`${env.url}/assets/${env.info.assets.wasm}`]);
  assert.equal(hints.wasm[0].crossorigin, '', 'crossorigin, so that fetch() can use the preloaded response');
  // One download of the engine: the preload is the response the page compiles, and the Worker gets the
  // compiled module instead of fetching the file (or the glue, which it bundles) again.
  const wasmFetches = requests.filter((u) => u.endsWith(`/assets/${env.info.assets.wasm}`));
  assert.equal(wasmFetches.length, 1, `engine fetched ${wasmFetches.length} times`);
  // The glue is fetched once, preloaded, for the page's own first-answer instance (HandoverEngine); the
  // Worker bundles its copy.
  assert.ok(hints.modules.includes(`${env.url}/assets/${env.info.assets.engine}`), 'the engine glue is preloaded');
  assert.equal(requests.filter((u) => u.endsWith(`/assets/${env.info.assets.engine}`)).length, 1, 'the glue is fetched once');
  assert.equal(await page.evaluate(() => window.__whydenied.state.engine.mode), 'worker', 'the Worker answers once it is ready');
  const startup = await page.evaluate(() => window.__whydenied.state.startup);
  assert.ok(startup && startup.precompiled === true, `the Worker instantiated the page's module: ${JSON.stringify(startup)}`);
  assert.ok(startup.workerStarted <= startup.workerInit && startup.workerInit <= startup.engineReady, JSON.stringify(startup));
  await context.close();
});

test('engine that cannot load: coded diagnostic, editors still there, never a blank page', async () => {
  const { page, context } = await newPage(env);
  await context.route(/whydenied\.[0-9a-f]+\.wasm$/, (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(`${env.url}/`);
  await page.waitForFunction(() => /WD9610/.test(document.querySelector('#pane-diag').textContent) || /WD9610/.test(document.body.textContent), null, { timeout: 30000 });
  assert.match(await page.textContent('#status'), /could not be loaded/);
  await page.click('#tab-diag');
  assert.match(await page.textContent('#pane-diag'), /WD9610/);
  assert.match(await page.inputValue('#config-editor textarea'), /service: aws-cost-notifier/);
  await context.close();
});
