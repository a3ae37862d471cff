// Shared helpers for the page tests: build check, static server on a free port, headless Chromium
// (Debian's /usr/bin/chromium driven by playwright-core), request recording, screenshots.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../web/serve.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = path.join(ROOT, 'dist');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

/** Reads dist/build-info.json; throws with a clear message when the page is not built for real. */
export function buildInfo() {
  const p = path.join(DIST, 'build-info.json');
  if (!fs.existsSync(p)) throw new Error('dist/ is not built: run `node web/build.mjs` first');
  const info = JSON.parse(fs.readFileSync(p, 'utf8'));
  if (info.stub && !process.env.WD_ALLOW_STUB) throw new Error('dist/ was built with the development STUB engine; build the WASM engine (scripts/build-wasm.sh) and rebuild the page');
  return info;
}

export async function setup() {
  const info = buildInfo();
  const { server, url } = await startServer({ dir: DIST, port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, headless: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return {
    info, url, browser,
    async close() { await browser.close(); await new Promise((r) => server.close(r)); },
  };
}

/** A new context + page that records every request URL (to prove nothing leaves the origin). */
export async function newPage(env, contextOpts = {}) {
  const context = await env.browser.newContext({ serviceWorkers: 'block', ...contextOpts });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  context.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { context, page, requests, errors };
}

export function offOrigin(requests, base) {
  const origin = new URL(base).origin;
  return requests.filter((u) => {
    if (u.startsWith('data:') || u.startsWith('blob:') || u === 'about:blank') return false;
    try { return new URL(u).origin !== origin; } catch { return true; }
  });
}

/**
 * Waits until the answer on screen is for the current inputs (no debounce pending, nothing in
 * flight, the lazy catalog step over). Use after every edit instead of counting analyses.
 */
export async function settled(page, timeout = 30000) {
  await page.waitForFunction(() => window.__whydenied && window.__whydenied.isSettled && window.__whydenied.isSettled(), null, { timeout });
}

/** Waits until the page has rendered `n` analyses (data-analyses on <html>). */
export async function waitForAnalyses(page, n = 1, timeout = 20000) {
  await page.waitForFunction((k) => Number(document.documentElement.dataset.analyses || 0) >= k, n, { timeout });
}

export async function screenshot(page, name) {
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Replaces the text of a CodeMirror editor through its view (as typing would). */
export async function setEditorText(page, which, text) {
  await page.evaluate(([w, value]) => window.__whydenied.editors[w].setText(value), [which, text]);
}

export async function editorText(page, which) {
  return page.evaluate((w) => window.__whydenied.editors[w].text, which);
}

/** 1-based line number of the cursor in an editor. */
export async function cursorLine(page, which) {
  return page.evaluate((w) => { const v = window.__whydenied.editors[w].view; return v.state.doc.lineAt(v.state.selection.main.head).number; }, which);
}

export function readExample(...parts) {
  return fs.readFileSync(path.join(ROOT, 'examples', ...parts), 'utf8');
}

/**
 * A second server on another port (= another origin) playing the blog that embeds us. Pages are
 * set per test with host.set(path, html). Served from the network (not intercepted) so Chromium
 * treats it like any local site.
 */
export async function startHost() {
  const http = await import('node:http');
  const pages = new Map();
  const server = http.createServer((req, res) => {
    const body = pages.get(new URL(req.url, 'http://x').pathname);
    if (body === undefined) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    set(p, html) { pages.set(p, html); },
    close() { return new Promise((r) => server.close(r)); },
  };
}
