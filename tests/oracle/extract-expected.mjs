#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Regenerates tests/oracle/serverless/<case>/{expected.json,output.txt} from the real Serverless
// Framework: copies the case to a temp dir, runs its `cmd` there (with $SLS_ORACLE pointing at a folder
// where serverless@3.40.0 is installed), then extracts, in the corpus format,
//   {"iamResources": {every AWS::IAM::* resource verbatim},
//    "functions": {"<Fn>LambdaFunction": {FunctionName, Role, DependsOn}}}
// from .serverless/cloudformation-template-update-stack.json, or {"error": {exitCode, output}} when
// `sls package` fails. Paths are made portable: the oracle folder becomes $SLS_ORACLE and the temp copy
// becomes <case-dir>.
//
// Usage: SLS_ORACLE=/path/to/oracle node tests/oracle/extract-expected.mjs [case-name ...]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, 'serverless');
const oracle = process.env.SLS_ORACLE;
if (!oracle || !fs.existsSync(path.join(oracle, 'node_modules/.bin/sls'))) {
  console.error('set SLS_ORACLE to a folder with serverless@3.40.0 in node_modules');
  process.exit(2);
}

const names = process.argv.slice(2).length
  ? process.argv.slice(2)
  : fs.readdirSync(root).filter((n) => fs.statSync(path.join(root, n)).isDirectory()).sort();

function extract(template) {
  const out = { iamResources: {}, functions: {} };
  for (const [id, r] of Object.entries(template.Resources || {})) {
    if (typeof r.Type === 'string' && r.Type.startsWith('AWS::IAM::')) out.iamResources[id] = r;
    if (r.Type === 'AWS::Lambda::Function') {
      const f = {};
      if (r.Properties && 'FunctionName' in r.Properties) f.FunctionName = r.Properties.FunctionName;
      if (r.Properties && 'Role' in r.Properties) f.Role = r.Properties.Role;
      if ('DependsOn' in r) f.DependsOn = r.DependsOn;
      out.functions[id] = f;
    }
  }
  return out;
}

for (const name of names) {
  const src = path.join(root, name);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-oracle-'));
  const dir = path.join(tmp, name);
  fs.cpSync(src, dir, { recursive: true });
  for (const f of ['expected.json', 'output.txt', '.serverless']) fs.rmSync(path.join(dir, f), { recursive: true, force: true });
  const cmd = fs.readFileSync(path.join(src, 'cmd'), 'utf8').trim();
  const run = spawnSync('bash', ['-c', cmd], {
    cwd: dir,
    env: { ...process.env, SLS_ORACLE: oracle, NO_COLOR: '1', FORCE_COLOR: '0' },
    encoding: 'utf8',
    timeout: 180000,
  });
  const portable = (s) =>
    s.split(fs.realpathSync(dir)).join('<case-dir>').split(dir).join('<case-dir>').split(fs.realpathSync(oracle)).join('$SLS_ORACLE').split(oracle).join('$SLS_ORACLE');
  const output = portable((run.stdout || '') + (run.stderr || ''));
  fs.writeFileSync(path.join(src, 'output.txt'), output);
  let expected;
  const tpl = path.join(dir, '.serverless/cloudformation-template-update-stack.json');
  if (run.status === 0 && fs.existsSync(tpl)) expected = extract(JSON.parse(fs.readFileSync(tpl, 'utf8')));
  else expected = { error: { exitCode: run.status, output } };
  fs.writeFileSync(path.join(src, 'expected.json'), JSON.stringify(expected, null, 2) + '\n');
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`${name}: ${expected.error ? 'error ' + expected.error.exitCode : 'packaged'}`);
}
