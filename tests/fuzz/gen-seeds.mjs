// SPDX-License-Identifier: MIT
// Derived seeds for the fuzz targets whose input is not a corpus file as it stands, written to a scratch
// folder at run time (never committed):
//   node tests/fuzz/gen-seeds.mjs <target> <out-dir>
//   policy  -> one file per case of tests/corpus/iam-eval/cases.jsonl (section 4 case JSON, "expected"
//              dropped), plus every policy document inside a case on its own (the policy-document mode)
//   explain -> `serverless.yml \0 log \0 options` for every corpus scenario and gallery example
// Other targets: nothing (their seeds are the folders in tests/fuzz/<target>.seeds).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const [target, out] = process.argv.slice(2);
if (!target || !out) {
  console.error('usage: node tests/fuzz/gen-seeds.mjs <target> <out-dir>');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
let written = 0;
const write = (data) => {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data);
  writeFileSync(join(out, createHash('sha1').update(buf).digest('hex')), buf);
  written++;
};
const readIf = (p) => (existsSync(p) ? readFileSync(p) : null);

if (target === 'policy') {
  const lines = readFileSync(join(root, 'tests/corpus/iam-eval/cases.jsonl'), 'utf8').split('\n');
  for (const line of lines) {
    if (!line.trim()) continue;
    const c = JSON.parse(line);
    delete c.expected;
    write(JSON.stringify(c));
    const docs = [];
    for (const f of ['identityPolicies', 'permissionBoundaryPolicies', 'serviceControlPolicies', 'resourceControlPolicies'])
      for (const p of Array.isArray(c[f]) ? c[f] : []) docs.push(p && p.policy ? p.policy : p);
    for (const f of ['resourcePolicy', 'sessionPolicy']) if (c[f]) docs.push(c[f].policy ? c[f].policy : c[f]);
    for (const d of docs) if (d && typeof d === 'object' && d.Statement) write(JSON.stringify(d));
  }
} else if (target === 'explain') {
  const dirs = [];
  for (const base of ['tests/corpus/scenarios', 'examples/gallery']) {
    const abs = join(root, base);
    if (existsSync(abs)) for (const d of readdirSync(abs).sort()) dirs.push(join(abs, d));
  }
  dirs.push(join(root, 'examples/seed'));
  const options = ['', '{"locale":"ja"}', '{"stage":"prod","region":"eu-west-1","accountId":"111111111111"}'];
  let i = 0;
  for (const d of dirs) {
    const config = readIf(join(d, 'serverless.yml'));
    const log = readIf(join(d, 'error.log')) ?? readIf(join(d, 'error-as-posted.log'));
    if (!config || !log) continue;
    const opts = options[i++ % options.length];
    const parts = [config, Buffer.from([0]), log];
    if (opts) parts.push(Buffer.from([0]), Buffer.from(opts));
    write(Buffer.concat(parts));
  }
}
console.log(`gen-seeds ${target}: ${written} seeds`);
