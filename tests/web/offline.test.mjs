// Offline after the first load: the service worker precaches the built files; a reload with the
// network off still analyses the seed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, settled, offOrigin } from './support.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

test('works offline after the first load (service worker)', async () => {
  const { page, context, requests } = await newPage(env, { serviceWorkers: 'allow' });
  await page.goto(`${env.url}/`);
  await settled(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  });
  await context.setOffline(true);
  await page.reload();
  await settled(page);
  assert.equal((await page.textContent('#verdict [data-testid=decision]')).trim(), 'ImplicitDeny');
  // The versioned path is precached too.
  await page.goto(`${env.url}/v1/`);
  await settled(page);
  assert.equal((await page.textContent('#verdict [data-testid=decision]')).trim(), 'ImplicitDeny');
  await context.setOffline(false);
  assert.deepEqual(offOrigin(requests, env.url), []);
  await context.close();
});
