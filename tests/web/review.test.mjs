// Regressions from the hands-on page review (round 1): one test per bug, in the review's order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, newPage, settled, setEditorText, ROOT } from './support.mjs';

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
    assert.doesNotMatch(blast, /\b1 action\(s\)/, 'the blast radius does not claim one action for a three-action patch');
    assert.match(blast, /newly allows 3 action\(s\)/);
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
