#!/usr/bin/env node
// A tiny dependency-free static file server for dist/ (used by run.sh and the page tests).
// It mimics what GitHub Pages sends that matters to us: correct MIME types (application/wasm for
// instantiateStreaming) and `Access-Control-Allow-Origin: *`, which sandboxed iframes (opaque origin)
// need to load module scripts and the .wasm file.
//   node web/serve.mjs [--dir dist] [--port 8080] [--host 127.0.0.1] [--verbose]   (PORT overrides --port)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8', '.webmanifest': 'application/manifest+json',
  '.yml': 'text/plain; charset=utf-8', '.log': 'text/plain; charset=utf-8',
};

function parseArgs(argv) {
  const opts = { dir: 'dist', port: 8080, host: '127.0.0.1', quiet: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dir') opts.dir = argv[++i];
    else if (a === '--port') opts.port = Number(argv[++i]);
    else if (a === '--host') opts.host = argv[++i];
    else if (a === '--quiet') opts.quiet = true;
    else if (a === '--verbose') opts.quiet = false;
  }
  if (process.env.PORT) opts.port = Number(process.env.PORT);
  return opts;
}

/** Starts a server; resolves to {server, port, url}. Port 0 picks a free port (tests). */
// `cors: false` serves like a host without CORS headers (tests of the embed on such hosts).
export function startServer({ dir, port = 0, host = '127.0.0.1', quiet = true, cors = true }) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    let file = path.normalize(path.join(root, pathname));
    if (!file.startsWith(root)) { res.writeHead(403).end('forbidden'); return; }
    try {
      if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    } catch { /* handled below */ }
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
        if (!quiet) console.log(`404 ${req.method} ${req.url}`);
        return;
      }
      res.writeHead(200, {
        'Content-Type': MIME[path.extname(file).toLowerCase()] || 'application/octet-stream',
        ...(cors ? { 'Access-Control-Allow-Origin': '*' } : {}),
        'Cache-Control': 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      if (!quiet) console.log(`200 ${req.method} ${req.url}`);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      resolve({ server, port: actual, url: `http://${host}:${actual}` });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('serve.mjs')) {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(opts.dir)) {
    console.error(`serve: directory ${opts.dir} does not exist (build the page first: node web/build.mjs)`);
    process.exit(2);
  }
  startServer(opts).then(({ url }) => console.log(`WhyDenied playground: ${url.replace('127.0.0.1', 'localhost')}/  (serving ${opts.dir})`),
    (e) => { console.error(`serve: ${e.message}`); process.exit(1); });
}
