// Every gallery example opens with one click and gives the decision its meta.json expects.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, offOrigin, settled, screenshot } from './support.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

test('each gallery example gives its expected decision', async () => {
  const { page, requests, errors, context } = await newPage(env);
  await page.goto(`${env.url}/`);
  await settled(page);
  const examples = env.info.gallery;
  assert.ok(examples.length >= 1);
  const buttons = await page.locator('.gallery-item').count();
  assert.equal(buttons, examples.length);
  const failures = [];
  for (const ex of examples) {
    await page.click(`.gallery-item[data-example="${ex.id}"]`);
    await settled(page);
    const decisions = (await page.locator('#verdict [data-testid=decision]').allTextContents()).map((s) => s.trim());
    if (!ex.expected) failures.push(`${ex.id}: meta.json has no expected decision`);
    else if (!decisions.includes(ex.expected)) failures.push(`${ex.id}: expected ${ex.expected}, got ${decisions.join(',') || 'no denial'}`);
    if (ex.fixKind) {
      const kind = await page.getAttribute('#pane-fix [data-testid=fix-kind]', 'data-kind').catch(() => null);
      if (kind !== ex.fixKind) failures.push(`${ex.id}: expected fix ${ex.fixKind}, got ${kind}`);
    }
  }
  await screenshot(page, 'gallery-last');
  assert.deepEqual(failures, []);
  assert.deepEqual(offOrigin(requests, env.url), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('each example has its own page with link-card metadata that opens that example', async () => {
  const { page, requests, errors, context } = await newPage(env);
  const failures = [];
  for (const ex of env.info.gallery) {
    await page.goto(`${env.url}/examples/${encodeURIComponent(ex.id)}/`);
    await settled(page);
    const meta = await page.evaluate(() => ({
      title: document.title,
      ogTitle: document.querySelector('meta[property="og:title"]')?.content,
      ogDescription: document.querySelector('meta[property="og:description"]')?.content,
      card: document.querySelector('meta[name="twitter:card"]')?.content,
      active: document.querySelector('.gallery-item.active')?.dataset.example,
      config: window.__whydenied.editors.config.text,
    }));
    const label = (await page.locator(`.gallery-item[data-example="${ex.id}"] .gallery-title`).textContent()).trim();
    if (!meta.title.startsWith(label)) failures.push(`${ex.id}: title ${JSON.stringify(meta.title)} does not name the example ${JSON.stringify(label)}`);
    if (meta.ogTitle !== meta.title) failures.push(`${ex.id}: og:title ${JSON.stringify(meta.ogTitle)}`);
    if (!meta.ogDescription || meta.ogDescription.length < 40) failures.push(`${ex.id}: og:description missing or short`);
    if (meta.card !== 'summary') failures.push(`${ex.id}: twitter:card ${meta.card}`);
    if (meta.active !== ex.id) failures.push(`${ex.id}: active gallery item is ${meta.active}`);
    const decisions = (await page.locator('#verdict [data-testid=decision]').allTextContents()).map((s) => s.trim());
    if (ex.expected && !decisions.includes(ex.expected)) failures.push(`${ex.id}: expected ${ex.expected}, got ${decisions.join(',') || 'no denial'}`);
    if (!meta.config.trim()) failures.push(`${ex.id}: the config editor is empty`);
  }
  assert.deepEqual(failures, []);
  assert.deepEqual(offOrigin(requests, env.url), []);
  assert.deepEqual(errors, []);
  await context.close();
});
