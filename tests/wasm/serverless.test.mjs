// SPDX-License-Identifier: MIT
// The serverless corpus through the WebAssembly module's package(): the same cases and the same rules
// as the native golden test (tests/serverless/corpus_test.cpp). For a case that packages, the IAM
// resources and each function's FunctionName/Role/DependsOn must equal expected.json; for a case the
// framework rejects, an error diagnostic with a WD code; for a case the oracle failed only because it
// was offline (${ssm:}, ${cf:}, ${aws:accountId}, ${param:}), roles plus a WD2003 info.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadEngine, corpusPath, repoPath } from './support.mjs';


const engine = await loadEngine({ catalog: false });
const root = corpusPath('serverless');
const caseNames = (dir) => readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const names = caseNames(root);
// More oracle cases (same framework version, same format): tests/oracle/README.md.
const oracleRoot = repoPath('tests', 'oracle', 'serverless');

// The cmd split as the shell splits it: blanks separate words, quotes group (environment values holding
// `${...}` or `*` are quoted).
function shellWords(text) {
  const words = [];
  let word = null;
  let quote = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = '';
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      word ??= '';
    } else if (/\s/.test(ch)) {
      if (word !== null) words.push(word);
      word = null;
    } else word = (word ?? '') + ch;
  }
  if (word !== null) words.push(word);
  return words;
}

// Flags after the sls binary; NAME=value assignments before it are the environment.
function readCase(name, caseRoot = root) {
  const dir = path.join(caseRoot, name);
  const tokens = shellWords(readFileSync(path.join(dir, 'cmd'), 'utf8'));
  const input = { config: readFileSync(path.join(dir, 'serverless.yml'), 'utf8'), env: {}, files: {} };
  let afterSls = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.endsWith('/sls')) { afterSls = true; continue; }
    if (afterSls) {
      if ((t === '--stage' || t === '-s') && i + 1 < tokens.length) input.stage = tokens[++i];
      else if ((t === '--region' || t === '-r') && i + 1 < tokens.length) input.region = tokens[++i];
      else if (t.startsWith('--param=') || (t === '--param' && i + 1 < tokens.length)) {
        const kv = t === '--param' ? tokens[++i] : t.slice(8);
        const eq = kv.indexOf('=');
        if (eq > 0) (input.params ??= {})[kv.slice(0, eq)] = kv.slice(eq + 1);
      }
      continue;
    }
    const eq = t.indexOf('=');
    if (eq > 0 && !t.startsWith('-') && !t.slice(0, eq).includes('/')) input.env[t.slice(0, eq)] = t.slice(eq + 1);
  }
  // Every YAML/JSON (and text, Terraform state) file of the case folder, as the CLI gives them (a ${file()} path may be built from variables).
  const walk = (sub) => {
    for (const e of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else if ((/\.(ya?ml|json|tfstate|txt)$/.test(e.name) || (!sub && /^\.env(\..+)?$/.test(e.name))) && rel !== 'expected.json' && rel !== 'output.txt') input.files[rel] = readFileSync(path.join(dir, rel), 'utf8');
    }
  };
  walk('');
  // `sls package` ran in that folder: a file it names that is not there was missing for the framework too.
  input.filesComplete = true;
  return { dir, input, expected: JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) };
}

function extractLikeOracle(out) {
  const iamResources = {};
  const functions = {};
  for (const [id, r] of Object.entries(out.Resources ?? {})) {
    const type = typeof r?.Type === 'string' ? r.Type : '';
    if (type.startsWith('AWS::IAM::')) iamResources[id] = r;
    if (type === 'AWS::Lambda::Function') {
      const f = {};
      if (r.Properties && 'FunctionName' in r.Properties) f.FunctionName = r.Properties.FunctionName;
      if (r.Properties && 'Role' in r.Properties) f.Role = r.Properties.Role;
      if ('DependsOn' in r) f.DependsOn = r.DependsOn;
      functions[id] = f;
    }
  }
  return { iamResources, functions };
}

function frameworkError(expected) {
  const output = expected.error.output ?? '';
  // "Error:" starts a line: after the deprecation notes, or first in the output.
  const at = output.startsWith('Error:\n') ? -1 : output.indexOf('\nError:\n');
  if (output.startsWith('Error:\n')) return output.slice(7).split('\n').slice(0, 2).join(' ');
  return at < 0 ? output.slice(0, 200) : output.slice(at + 8).split('\n').slice(0, 2).join(' ');
}

const offlineOnly = (line) => /AWS provider credentials not found|Inaccessible host|cannot be resolved from CLI options or stage params|You are not currently logged in|doesn't seem to be configured/.test(line);

// One case: null when it matches, else why not.
function checkCase(caseRoot, name) {
  const { input, expected } = readCase(name, caseRoot);
  const out = engine.package(input);
  if (!Array.isArray(out.diagnostics)) return `${name}: diagnostics must be an array`;
  const errors = out.diagnostics.filter((d) => d.severity === 'error');
  if (expected.error) {
    const line = frameworkError(expected);
    if (offlineOnly(line)) {
      const info = out.diagnostics.some((d) => d.severity === 'info' && (d.code === 'WD2003' || d.code === 'WD2087' || d.code === 'WD2090'));  // AWS-only variables, layers and images, Dashboard
      // (A config whose functions all name their role by a variable has no statements of its own.)
      const roles = Array.isArray(out.roles) && out.roles.length > 0 && out.roles[0].statements.length > 0;
      const analysed = Object.values(out.Resources || {}).some((r) => r && r.Type === 'AWS::Lambda::Function');
      return info && (roles || analysed) && errors.length === 0 ? null : `${name}: offline-only case should package with a WD2003/WD2087/WD2090 info`;
    }
    return errors.some((d) => /^WD\d{4}$/.test(d.code))
      ? null
      : `${name}: framework says "${line}", we gave no coded error: ${JSON.stringify(out.diagnostics)}`;
  }
  try {
    assert.deepStrictEqual(extractLikeOracle(out), expected);
  } catch (e) {
    return `${name}: ${e.message.slice(0, 400)}`;
  }
  return errors.length ? `${name}: unexpected errors ${JSON.stringify(errors)}` : null;
}

test('serverless corpus through the WASM module', () => {
  const failures = names.map((name) => checkCase(root, name)).filter(Boolean);
  console.log(`serverless (wasm): ${names.length - failures.length} passed, ${failures.length} failed`);
  assert.deepEqual(failures, []);
  assert.ok(names.length >= 46);
});

// Rows "| serverless-oracle/<case> | ..." of KNOWN_DISAGREEMENTS.md, as in the native test.
function knownOracleDisagreements() {
  const file = corpusPath('KNOWN_DISAGREEMENTS.md');
  if (!existsSync(file)) return new Set();
  const rows = readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('| serverless-oracle/'));
  return new Set(rows.map((l) => l.slice('| serverless-oracle/'.length).split(' ')[0]));
}

test('serverless oracle cases (tests/oracle/serverless) through the WASM module', () => {
  const oracleNames = caseNames(oracleRoot);
  const known = knownOracleDisagreements();
  const failures = [];
  const knownButPassing = [];
  let knownFailed = 0;
  for (const name of oracleNames) {
    const why = checkCase(oracleRoot, name);
    if (why && known.has(name)) { knownFailed++; console.log(`known disagreement ${why}`); }
    else if (why) failures.push(why);
    else if (known.has(name)) knownButPassing.push(name);
  }
  console.log(`serverless oracle (wasm): ${oracleNames.length - failures.length - knownFailed} passed, ${failures.length} failed, ${knownFailed} known disagreements`);
  assert.deepEqual(failures, []);
  assert.deepEqual(knownButPassing, [], 'listed in KNOWN_DISAGREEMENTS.md but passing');
  assert.ok(oracleNames.length >= 20);
});

test('package() answers roles with provenance', () => {
  const { input } = readCase(names.find((n) => n.startsWith('03-')));
  const out = engine.package(input);
  const shared = out.roles.find((r) => r.logicalId === 'IamRoleLambdaExecution');
  assert.ok(shared);
  assert.deepEqual(shared.functions, ['exportMetrics']);
  const configured = shared.statements.find((s) => s.source.kind === 'config');
  assert.ok(configured);
  assert.equal(typeof configured.source.line, 'number');
  assert.equal(configured.source.pointer, '/provider/iam/role/statements/0');
  assert.equal(shared.statements[0].source.kind, 'framework-default');
});

test('package() never throws: bad YAML, wrong types, a JSON string input', () => {
  const bad = engine.package({ config: 'provider:\n  iam:\n   - a\n  b: [' });
  assert.ok(bad.diagnostics.some((d) => d.severity === 'error' && d.code === 'WD1001' && typeof d.line === 'number'));
  const odd = engine.package({ config: 'service: s\nfunctions: 3\nprovider: {iam: {role: {statements: {a: 1}}}}\n' });
  assert.ok(odd.diagnostics.some((d) => d.severity === 'error'));
  const asString = engine.package(JSON.stringify({ config: 'service: s\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h\n', stage: 'qa' }));
  assert.equal(asString.Resources.ALambdaFunction.Properties.FunctionName, 's-qa-a');
  const files = engine.package({
    config: 'service: s\nprovider:\n  name: aws\n  iam:\n    role:\n      statements: ${file(./iam.yml)}\nfunctions:\n  a:\n    handler: h\n',
    files: { './iam.yml': '- Effect: Allow\n  Action: s3:GetObject\n  Resource: "*"\n' },
  });
  const st = files.Resources.IamRoleLambdaExecution.Properties.Policies[0].PolicyDocument.Statement;
  assert.deepEqual(st[2], { Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' });
});
