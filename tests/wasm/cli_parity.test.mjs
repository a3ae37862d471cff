// SPDX-License-Identifier: MIT
// The WebAssembly module and the native CLI are two shells over one core: for the same input they must
// print the same JSON, byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadEngine, cliPath, repoPath, corpusPath } from './support.mjs';

const engine = await loadEngine();

function cli(args) {
  try {
    return execFileSync(cliPath, args, { encoding: 'utf8' });
  } catch (e) {
    if (typeof e.stdout === 'string' && e.status === 1) return e.stdout;  // exit 1: input had errors
    throw e;
  }
}

const seed = (f) => repoPath('examples', 'seed', f);

const cases = [
  { name: 'seed explain', command: 'explain', args: ['explain', '--config', seed('serverless.yml'), '--log', seed('error.log'), '--json'],
    input: { config: readFileSync(seed('serverless.yml'), 'utf8'), log: readFileSync(seed('error.log'), 'utf8') } },
  { name: 'seed explain, redacted log', command: 'explain', args: ['explain', '--config', seed('serverless.yml'), '--log', seed('error-as-posted.log'), '--json'],
    input: { config: readFileSync(seed('serverless.yml'), 'utf8'), log: readFileSync(seed('error-as-posted.log'), 'utf8') } },
  { name: 'seed explain, fixed config, flags', command: 'explain',
    args: ['explain', '--config', seed('serverless.fixed.yml'), '--log', seed('error.log'), '--stage', 'dev', '--region', 'ap-northeast-1', '--json'],
    input: { config: readFileSync(seed('serverless.fixed.yml'), 'utf8'), log: readFileSync(seed('error.log'), 'utf8'), stage: 'dev', region: 'ap-northeast-1' } },
  { name: 'seed package', command: 'package', args: ['package', '--config', seed('serverless.yml'), '--json'],
    input: { config: readFileSync(seed('serverless.yml'), 'utf8') } },
  { name: 'seed parse-log', command: 'parseLog', args: ['parse-log', '--log', seed('error.log'), '--json'],
    input: { log: readFileSync(seed('error.log'), 'utf8') } },
  { name: 'malformed yaml explain', command: 'explain',
    args: ['explain', '--config', repoPath('tests', 'corpus', 'serverless', '69-malformed-yaml-indentation', 'serverless.yml'), '--log', seed('error.log'), '--json'],
    input: { config: readFileSync(corpusPath('serverless', '69-malformed-yaml-indentation', 'serverless.yml'), 'utf8'), log: readFileSync(seed('error.log'), 'utf8') } },
];

for (const c of cases) {
  test(`cli and wasm agree byte for byte: ${c.name}`, () => {
    const native = cli(c.args);
    const wasm = engine.callText(c.command, JSON.stringify(c.input)) + '\n';
    assert.equal(wasm, native);
    assert.ok(JSON.parse(wasm).engine, 'answer carries the engine version');
  });
}

test('evaluate agrees byte for byte on a corpus case', () => {
  const line = readFileSync(corpusPath('iam-eval', 'cases.jsonl'), 'utf8').split('\n')[0];
  const native = execFileSync(cliPath, ['evaluate', '--request', '-', '--json'], { input: line, encoding: 'utf8' });
  assert.equal(engine.callText('evaluate', line) + '\n', native);
});

test('the module never throws for bad input', () => {
  for (const bad of ['', '{', 'null', '[]', '{"config": 5}', '\u0000\uffff']) {
    for (const cmd of ['explain', 'package', 'evaluate', 'parseLog', 'nonsense']) {
      const a = JSON.parse(engine.callText(cmd, bad));
      assert.ok(Array.isArray(a.diagnostics), `${cmd} ${JSON.stringify(bad)} answers with diagnostics`);
    }
  }
});

test('a long log sent apart from the request gives the answer of the whole JSON request, byte for byte', () => {
  // Over 64 K characters the module passes `log` as raw text (wasm/post.js, engine::call_text_with_log).
  const filler = 'START RequestId: 1f2e \u00e9\u3042 "quoted" \\ back\\slash\n'.repeat(3000);
  const input = { config: readFileSync(seed('serverless.yml'), 'utf8'), log: filler + readFileSync(seed('error.log'), 'utf8'), locale: 'ja' };
  assert.ok(input.log.length > 65536);
  const apart = engine.callText('explain', input);
  assert.equal(apart, engine.callText('explain', JSON.stringify(input)));  // a string request: the JSON path
  assert.equal(JSON.parse(apart).denials.length, 1);
  assert.equal(JSON.parse(apart).denials[0].line, 3000 + engine.parseLog(readFileSync(seed('error.log'), 'utf8')).denials[0].line);
  const logOnly = engine.parseLog(input.log);
  assert.deepEqual(logOnly, engine.call('parseLog', JSON.stringify({ log: input.log })));
});
