#!/usr/bin/env node
// Builds the static site into dist/ (repo root): the playground (index.html, also under /v1/), the
// embed card (embed.html) and loader (embed.js) at frozen /v1/ paths, content-hashed assets in
// /assets/, the WASM engine and IAM catalog copied in, a service worker, and a check that no built
// file references another origin. No CDN: everything is bundled from node_modules with esbuild.
//
//   node web/build.mjs [--out dist] [--engine-dir build-wasm] [--catalog-dir build/generated] [--stub-engine]
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'web', 'src');

export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "connect-src 'self'",
  "worker-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'", // CodeMirror injects its own <style> elements
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  // Trusted Types: the browser refuses strings in HTML/script sinks; the one policy, `whydenied`, only
  // passes our own Worker and service-worker URLs (src/shared/trusted-types.js).
  "require-trusted-types-for 'script'",
  "trusted-types whydenied",
].join('; ');

// Strings that look like URLs but are XML namespace identifiers: never fetched by anything.
const ALLOWED_URLS = new Set([
  'http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xhtml', 'http://www.w3.org/1998/Math/MathML',
  'http://www.w3.org/1999/xlink', 'http://www.w3.org/XML/1998/namespace', 'http://www.w3.org/2000/xmlns/',
]);

function parseArgs(argv) {
  const o = { out: path.join(ROOT, 'dist'), engineDir: path.join(ROOT, 'build-wasm'), catalogDir: path.join(ROOT, 'build', 'generated'), stub: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') o.out = path.resolve(argv[++i]);
    else if (argv[i] === '--engine-dir') o.engineDir = path.resolve(argv[++i]);
    else if (argv[i] === '--catalog-dir') o.catalogDir = path.resolve(argv[++i]);
    else if (argv[i] === '--stub-engine') o.stub = true;
  }
  return o;
}

const hash = (buf) => crypto.createHash('sha256').update(buf).digest('hex').slice(0, 10);

function writeHashed(dir, base, ext, content) {
  const name = `${base}.${hash(content)}${ext}`;
  fs.writeFileSync(path.join(dir, name), content);
  return name;
}

function readIf(p) { try { return fs.readFileSync(p, 'utf8'); } catch { return null; } }

/** The seed and every examples/gallery/<NN>/ folder with serverless.yml + error.log (+ meta.json). */
export function collectGallery() {
  const seedDir = path.join(ROOT, 'examples', 'seed');
  const seed = { config: readIf(path.join(seedDir, 'serverless.yml')) || '', log: readIf(path.join(seedDir, 'error.log')) || '' };
  const gallery = [{ id: 'seed', title: 'Seed: CloudWatch GetMetricStatistics', titleJa: 'シード: CloudWatch GetMetricStatistics', description: 'The blog post this tool was built from', expected: 'ImplicitDeny', config: seed.config, log: seed.log, opts: {} }];
  const gdir = path.join(ROOT, 'examples', 'gallery');
  if (fs.existsSync(gdir)) {
    for (const name of fs.readdirSync(gdir).sort()) {
      const dir = path.join(gdir, name);
      const config = readIf(path.join(dir, 'serverless.yml'));
      const log = readIf(path.join(dir, 'error.log'));
      if (config === null || log === null) continue;
      let meta = {};
      try { meta = JSON.parse(readIf(path.join(dir, 'meta.json')) || '{}'); } catch { meta = {}; }
      // Any other text file in the example folder is a file the config reads with ${file(...)}.
      const files = {};
      for (const f of fs.readdirSync(dir)) {
        if (['serverless.yml', 'error.log', 'meta.json'].includes(f) || !/\.(ya?ml|json|js|txt)$/.test(f)) continue;
        files[f] = readIf(path.join(dir, f));
      }
      const title = meta.title && typeof meta.title === 'object' ? meta.title : { en: meta.title || meta.name || name, ja: meta.titleJa || meta.title_ja || null };
      gallery.push({
        id: name, files,
        title: title.en || name,
        titleJa: title.ja || null,
        fixKind: typeof meta.fixKind === 'string' ? meta.fixKind : null,
        description: meta.description || meta.summary || '',
        expected: expectedDecision(meta),
        config, log,
        opts: pickOpts(meta.opts || meta.options || meta),
      });
    }
  }
  // The seed is the first gallery example when the gallery has it; a synthetic entry otherwise.
  if (gallery.length > 1) gallery.shift();
  return { seed, gallery };
}

export function expectedDecision(meta) {
  if (!meta || typeof meta !== 'object') return null;
  const e = meta.expected;
  if (typeof meta.decision === 'string') return meta.decision;
  if (typeof meta.expectedDecision === 'string') return meta.expectedDecision;
  if (typeof e === 'string') return e;
  if (e && typeof e.decision === 'string') return e.decision;
  if (e && Array.isArray(e.denials) && e.denials[0] && e.denials[0].decision) return e.denials[0].decision;
  return null;
}

function pickOpts(o) {
  const out = {};
  if (!o || typeof o !== 'object') return out;
  for (const k of ['stage', 'region', 'accountId']) if (typeof o[k] === 'string') out[k] = o[k];
  return out;
}

function render(template, vars) {
  return template.replace(/\{\{(\w+)\}\}/g, (m, k) => {
    if (!(k in vars)) throw new Error(`template variable ${k} missing`);
    return vars[k];
  });
}

const escapeHtml = (v) => String(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** The playground page, retitled for one gallery example; the app opens the example named by data-example. */
export function examplePage(html, ex) {
  const title = `${ex.title} — WhyDenied`;
  const description = ex.description || `A Serverless Framework AccessDenied scenario (${ex.expected || 'denied'}): open it to see the effective IAM role, why AWS denied the request, and the fix. Runs in your browser.`;
  const replaceOnce = (text, re, to) => {
    if (!re.test(text)) throw new Error(`example page: ${re} not found in index.html`);
    return text.replace(re, () => to);
  };
  let out = replaceOnce(html, /<title>[^<]*<\/title>/, `<title>${escapeHtml(title)}</title>`);
  out = replaceOnce(out, /<meta name="description" content="[^"]*">/, `<meta name="description" content="${escapeHtml(description)}">`);
  out = replaceOnce(out, /<meta property="og:title" content="[^"]*">/, `<meta property="og:title" content="${escapeHtml(title)}">`);
  out = replaceOnce(out, /<meta property="og:description" content="[^"]*">/,
    `<meta property="og:description" content="${escapeHtml(description)}">\n<meta property="og:type" content="website">\n<meta name="twitter:card" content="summary">`);
  out = replaceOnce(out, /<html lang="en"/, `<html lang="en" data-example="${escapeHtml(ex.id)}"`);
  return out;
}

function walk(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p)); else out.push(p);
  }
  return out;
}

// IAM data files hold AWS policy documents as data (condition values may be URLs); the page never
// fetches from them, so they are not references to another origin.
const DATA_FILES = /^(iam-catalog|managed-policies)\.[0-9a-f]+\.json$/;

/** Fails when a built text file mentions an http(s) URL (another origin), except XML namespaces. */
export function checkNoExternalOrigins(dir) {
  const problems = [];
  for (const file of walk(dir)) {
    if (/\.(wasm|png|ico)$/.test(file) || DATA_FILES.test(path.basename(file))) continue;
    const text = fs.readFileSync(file, 'utf8');
    const re = /(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"'`)<>\\]*/gi;
    let m;
    while ((m = re.exec(text))) {
      const url = m[0];
      if (!/^https?:/i.test(url)) {
        // protocol-relative //host only counts in src/href/url() contexts
        const before = text.slice(Math.max(0, m.index - 6), m.index);
        if (!/(src=|href=|url\()["']?$/.test(before)) continue;
      }
      if ([...ALLOWED_URLS].some((a) => url.startsWith(a))) continue;
      problems.push(`${path.relative(dir, file)}: ${url.slice(0, 100)}`);
    }
  }
  return problems;
}

export async function build(opts = parseArgs(process.argv.slice(2))) {
  const t0 = Date.now();
  const out = opts.out;
  fs.rmSync(out, { recursive: true, force: true });
  const assets = path.join(out, 'assets');
  fs.mkdirSync(assets, { recursive: true });
  fs.mkdirSync(path.join(out, 'v1'), { recursive: true });

  // 1. Engine
  const BUILD = { stub: false, engine: null, wasm: null, worker: null, catalog: null, managedPolicies: null, sw: '../sw.js' };
  const mjs = path.join(opts.engineDir, 'whydenied.mjs');
  const wasm = path.join(opts.engineDir, 'whydenied.wasm');
  if (fs.existsSync(mjs) && fs.existsSync(wasm)) {
    const glue = await esbuild.transform(fs.readFileSync(mjs, 'utf8'), { format: 'esm', minify: true, target: 'es2020', legalComments: 'none' });
    BUILD.engine = writeHashed(assets, 'whydenied', '.mjs', glue.code);
    BUILD.wasm = writeHashed(assets, 'whydenied', '.wasm', fs.readFileSync(wasm));
  } else if (opts.stub) {
    const r = await esbuild.build({ entryPoints: [path.join(ROOT, 'web', 'dev', 'stub-engine.mjs')], bundle: true, format: 'esm', write: false, minify: true });
    BUILD.engine = writeHashed(assets, 'whydenied-stub', '.mjs', r.outputFiles[0].contents);
    BUILD.wasm = 'none.wasm';
    BUILD.stub = true;
    console.warn('build: WARNING using the development STUB engine (build-wasm/ not found)');
  } else {
    throw new Error(`engine not found: ${mjs} and ${wasm} (run scripts/build-wasm.sh, or pass --stub-engine for UI work)`);
  }

  // 2. IAM catalog (lazy, after the first answer)
  const cat = path.join(opts.catalogDir, 'iam-catalog.json');
  const mp = path.join(opts.catalogDir, 'managed-policies.json');
  if (fs.existsSync(cat)) BUILD.catalog = writeHashed(assets, 'iam-catalog', '.json', fs.readFileSync(cat));
  if (fs.existsSync(mp)) BUILD.managedPolicies = writeHashed(assets, 'managed-policies', '.json', fs.readFileSync(mp));

  // 3. Gallery + seed are bundled into the app (they must be there for the first paint).
  const { seed, gallery } = collectGallery();
  BUILD.seed = seed;
  BUILD.gallery = gallery;

  // 4. Worker, then the app and the embed page (they need the worker's hashed name).
  const common = { bundle: true, minify: true, sourcemap: false, target: ['chrome100', 'firefox100', 'safari15'], legalComments: 'none', write: false, logLevel: 'error' };
  const bundle = async (entry, base, extra = {}) => {
    const r = await esbuild.build({ ...common, entryPoints: [path.join(SRC, entry)], format: 'esm', ...extra });
    return writeHashed(assets, base, '.js', r.outputFiles[0].contents);
  };
  // The Worker bundles the engine's glue (the same file as BUILD.engine, which the main-thread fallback imports).
  const engineSource = BUILD.stub ? path.join(ROOT, 'web', 'dev', 'stub-engine.mjs') : mjs;
  const enginePlugin = { name: 'whydenied-engine', setup(b) { b.onResolve({ filter: /^whydenied-engine$/ }, () => ({ path: engineSource })); } };
  // The glue's Node branch requires fs/path; it never runs in a Worker, so they stay unresolved.
  BUILD.worker = await bundle('worker.js', 'worker', { plugins: [enginePlugin], external: ['fs', 'path'] });
  const define = { __WD_BUILD__: JSON.stringify(BUILD) };
  const embedBuild = { ...BUILD, seed: undefined, gallery: undefined };
  // The app is split: CodeMirror is a lazy chunk loaded after the first answer.
  const appBuild = await esbuild.build({
    ...common, entryPoints: { app: path.join(SRC, 'app', 'main.js') }, format: 'esm', splitting: true, write: true,
    outdir: assets, entryNames: '[name].[hash]', chunkNames: 'chunk.[hash]', metafile: true, define,
  });
  const [appOut, appMeta] = Object.entries(appBuild.metafile.outputs).find(([, o]) => o.entryPoint);
  const appJs = path.basename(appOut);
  const lazyChunks = appMeta.imports.filter((i) => i.kind === 'dynamic-import').map((i) => path.basename(i.path));
  const staticChunks = appMeta.imports.filter((i) => i.kind === 'import-statement').map((i) => path.basename(i.path));
  // Start every file of the first answer from the HTML: the app's static chunks (else fetched only once
  // app.js is parsed) and the engine's WebAssembly file (else fetched only once the app has started; the
  // app compiles this very response, see compileEngineModule). `crossorigin` makes the preload match fetch().
  const preloads = (root) => [
    ...staticChunks.map((c) => `<link rel="modulepreload" href="${root}assets/${c}">`),
    ...(BUILD.stub ? [] : [`<link rel="preload" href="${root}assets/${BUILD.wasm}" as="fetch" type="application/wasm" crossorigin>`]),
    // The engine's glue: the page instantiates the module itself for its first answer (HandoverEngine).
    ...(BUILD.stub ? [] : [`<link rel="modulepreload" href="${root}assets/${BUILD.engine}">`]),
  ].join('\n');
  // A classic script (IIFE), not a module: in a sandboxed iframe (an opaque origin) a module script needs the
  // host to send CORS headers, a classic one does not, so the card shows its scenario on any static host.
  const embedJs = await bundle('embed/page.js', 'embed-page', { format: 'iife', define: { __WD_BUILD__: JSON.stringify(embedBuild) } });
  const css = (await esbuild.build({ ...common, entryPoints: [path.join(SRC, 'styles.css')] })).outputFiles[0].contents;
  const cssName = writeHashed(assets, 'app', '.css', css);
  const themeInit = (await esbuild.transform(fs.readFileSync(path.join(SRC, 'theme-init.js'), 'utf8'), { minify: true })).code;
  const themeName = writeHashed(assets, 'theme-init', '.js', themeInit);
  const favicon = fs.readFileSync(path.join(SRC, 'favicon.svg'));
  const faviconName = writeHashed(assets, 'favicon', '.svg', favicon);
  const manifest = JSON.stringify({ name: 'WhyDenied', short_name: 'WhyDenied', start_url: './', display: 'standalone', background_color: '#0f1218', theme_color: '#5b3fd6', icons: [{ src: `assets/${faviconName}`, sizes: 'any', type: 'image/svg+xml' }] });
  fs.writeFileSync(path.join(out, 'manifest.webmanifest'), manifest);

  // 5. embed.js loader: stable, unhashed public path (blog posts reference it for years).
  const loader = (await esbuild.build({ ...common, entryPoints: [path.join(SRC, 'embed', 'loader.js')], format: 'iife' })).outputFiles[0].contents;
  fs.writeFileSync(path.join(out, 'v1', 'embed.js'), loader);
  fs.writeFileSync(path.join(out, 'embed.js'), loader);

  // 6. Pages: root and /v1/ (frozen major-version prefix).
  const indexT = fs.readFileSync(path.join(SRC, 'index.html'), 'utf8');
  const embedT = fs.readFileSync(path.join(SRC, 'embed.html'), 'utf8');
  for (const [dir, root] of [['', ''], ['v1', '../']]) {
    const vars = { CSP, ROOT: root, preloads: preloads(root), favicon: `assets/${faviconName}`, manifest: 'manifest.webmanifest', themeInit: `assets/${themeName}`, css: `assets/${cssName}`, appJs: `assets/${appJs}`, embedJs: `assets/${embedJs}` };
    fs.writeFileSync(path.join(out, dir, 'index.html'), render(indexT, vars));
    fs.writeFileSync(path.join(out, dir, 'embed.html'), render(embedT, vars));
  }

  // 6b. One page per gallery example (examples/<id>/): the playground opening that example, with its own
  // title and link-card metadata, so a blog post or chat can link straight to a scenario.
  for (const ex of gallery) {
    const dir = path.join(out, 'examples', ex.id);
    fs.mkdirSync(dir, { recursive: true });
    const vars = { CSP, ROOT: '../../', preloads: preloads('../../'), favicon: `assets/${faviconName}`, manifest: 'manifest.webmanifest', themeInit: `assets/${themeName}`, css: `assets/${cssName}`, appJs: `assets/${appJs}`, embedJs: `assets/${embedJs}` };
    fs.writeFileSync(path.join(dir, 'index.html'), examplePage(render(indexT, vars), ex));
  }

  // 7. Service worker at the root (scope covers / and /v1/); precache everything but itself.
  const files = walk(out).map((f) => path.relative(out, f).split(path.sep).join('/')).sort();
  const version = hash(files.join('\n') + JSON.stringify(BUILD));
  const sw = fs.readFileSync(path.join(SRC, 'sw.js'), 'utf8').replace('__WD_VERSION__', version).replace('__WD_PRECACHE__', JSON.stringify(['./', 'v1/', ...files]));
  fs.writeFileSync(path.join(out, 'sw.js'), (await esbuild.transform(sw, { minify: true })).code);

  // 8. Build info (read by the tests and the benchmark) and the origin check.
  fs.writeFileSync(path.join(out, 'build-info.json'), JSON.stringify({ version, stub: BUILD.stub, assets: { app: appJs, lazy: lazyChunks, worker: BUILD.worker, embed: embedJs, css: cssName, themeInit: themeName, engine: BUILD.engine, wasm: BUILD.wasm, catalog: BUILD.catalog, managedPolicies: BUILD.managedPolicies }, gallery: gallery.map((g) => ({ id: g.id, expected: g.expected, fixKind: g.fixKind || null })) }, null, 2));
  fs.writeFileSync(path.join(out, '.nojekyll'), '');
  const problems = checkNoExternalOrigins(out);
  if (problems.length) {
    fs.rmSync(out, { recursive: true, force: true }); // never leave a dist that looks fine
    throw new Error(`built files reference other origins:\n  ${problems.join('\n  ')}`);
  }
  console.log(`build: dist ready in ${Date.now() - t0} ms (${gallery.length} examples, engine ${BUILD.stub ? 'STUB' : BUILD.engine}, catalog ${BUILD.catalog || 'none'})`);
  return { out, BUILD };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  build().catch((e) => { console.error(`build: ${e.message}`); process.exit(1); });
}
