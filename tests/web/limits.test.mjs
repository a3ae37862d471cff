// SPDX-License-Identifier: MIT
// Issue 8 on the page: a slow analysis runs in the Worker (the page keeps painting), a Cancel button
// appears after about a second, and cancelling stops the Worker, shows WD9612 and leaves a fresh
// engine that answers the next analysis. Set WD_DIST_DIR to test a page built elsewhere
// (`node web/build.mjs --out DIR --engine-dir WASM_DIR`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../web/serve.mjs';
import { DIST, CHROMIUM, LAUNCH_ARGS, newPage, settled, setEditorText } from './support.mjs';

const dir = process.env.WD_DIST_DIR ? path.resolve(process.env.WD_DIST_DIR) : DIST;
let env;

before(async () => {
  const info = JSON.parse(fs.readFileSync(path.join(dir, 'build-info.json'), 'utf8'));
  if (info.stub && !process.env.WD_ALLOW_STUB) throw new Error(`${dir} was built with the STUB engine`);
  const { server, url } = await startServer({ dir, port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, headless: true });
  env = { url, browser, async close() { await browser.close(); await new Promise((r) => server.close(r)); } };
});
after(async () => { if (env) await env.close(); });

// Work that takes many seconds in the engine on any machine, so the analysis is still running when the
// button appears: 100 denials, each explained against a role of 300 statements with wildcards and
// conditions, in a config of 2,000 functions. (A big YAML file alone is no longer slow enough: the
// loader got faster and the analysis then ended near the one-second mark, racing the button.)
function slowInput() {
  let config = 'service: svc\nframeworkVersion: "3"\nprovider:\n  name: aws\n  region: us-east-1\n  stage: dev\n  iam:\n    role:\n      statements:\n';
  for (let i = 0; i < 300; i++) {
    config += `        - Effect: Allow\n          Action: [s3:Get*${i}, "dynamodb:Q?ery${i}"]\n          Resource: "arn:aws:s3:::bucket-${i}/*/x*y*z*"\n`
      + `          Condition:\n            StringLike:\n              aws:PrincipalTag/team: ["a*b*c*${i}", "d*e*f*"]\n`;
  }
  config += 'functions:\n';
  for (let i = 0; i < 2000; i++) config += `  f${i}:\n    handler: h.f${i}\n`;
  let log = '';
  for (let i = 0; i < 100; i++) {
    log += `An error occurred (AccessDenied) when calling the GetObject operation: User: arn:aws:sts::123456789012:assumed-role/svc-dev-us-east-1-lambdaRole/svc-dev-f${i}`
      + ` is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::bucket-${i}/a/b/c/d/e/f/g/${i}.txt because no identity-based policy allows the s3:GetObject action\n`;
  }
  return { config, log };
}

test('a slow analysis can be cancelled; the page keeps painting and the engine comes back', async () => {
  const { context, page, errors } = await newPage(env);
  try {
    await page.goto(env.url + '/');
    await settled(page, 60000);
    const mode = await page.evaluate(() => window.__whydenied.state.engine.mode);
    assert.equal(mode, 'worker');
    assert.equal(await page.isHidden('#cancel-btn'), true);
    const smallConfig = await page.evaluate(() => window.__whydenied.editors.config.text);
    const smallLog = await page.evaluate(() => window.__whydenied.editors.log.text);
    const slow = slowInput();

    // Count animation frames while the engine works: a frozen main thread paints none.
    await page.evaluate(() => { window.__frames = 0; const tick = () => { window.__frames++; requestAnimationFrame(tick); }; requestAnimationFrame(tick); });
    await setEditorText(page, 'log', slow.log);
    await setEditorText(page, 'config', slow.config);
    await page.waitForFunction(() => window.__whydenied.state.inFlight > 0, null, { timeout: 10000 });
    const framesAtStart = await page.evaluate(() => window.__frames);
    // The button appears while the analysis is still running (after about a second).
    await page.waitForSelector('#cancel-btn:not([hidden])', { timeout: 10000 });
    assert.ok(await page.evaluate(() => window.__whydenied.state.inFlight > 0), 'the analysis is still running');
    const framesAtButton = await page.evaluate(() => window.__frames);
    assert.ok(framesAtButton - framesAtStart >= 10, `the page painted ${framesAtButton - framesAtStart} frames while the engine worked`);

    // Click without Playwright's actionability wait: if the analysis had ended, the button would be
    // hidden and the WD9612 check below fails instead of a 30-second click timeout.
    await page.evaluate(() => document.querySelector('#cancel-btn').click());
    await settled(page, 30000);
    const diags = await page.evaluate(() => window.__whydenied.state.result.diagnostics.map((d) => d.code));
    assert.ok(diags.includes('WD9612'), JSON.stringify(diags));
    assert.equal(await page.isHidden('#cancel-btn'), true);

    // The restarted engine answers the next analysis normally.
    await setEditorText(page, 'log', smallLog);
    await setEditorText(page, 'config', smallConfig);
    await settled(page, 60000);
    const result = await page.evaluate(() => window.__whydenied.state.result);
    assert.ok(!result.diagnostics.some((d) => d.code === 'WD9612' || d.code === 'WD9610'), JSON.stringify(result.diagnostics));
    assert.ok(result.denials.length > 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
