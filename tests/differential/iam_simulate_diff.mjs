#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Differential test (dev-only): the WhyDenied evaluator (WASM module, evaluate(case)) against
// @cloud-copilot/iam-simulate, on seeded random IAM cases. iam-simulate is AGPL: it is installed by this
// script into .bench-scratch/iam-simulate (outside the product, never a dependency, never copied) and used as
// a black box through runSimulation(). See tests/differential/README.md.
//
// Usage: node tests/differential/iam_simulate_diff.mjs [--cases N] [--seed S] [--out DIR] [--no-corpus]
//                                                       [--no-minimize] [--minimize-per-pair K] [--wasm-dir DIR]
// Prints counts; writes every disagreement to DIR/disagreements.jsonl (one runnable case per line, with
// "ours"/"simulate" decisions and the generator's feature tags) and, minimised, to DIR/minimized.jsonl, plus
// DIR/summary.json with counts per signature of the minimised case.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SIM_DECISION, installSimulate, toSimulation } from '../../bench/iam_simulate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const N = Number(opt('--cases', '2000'));
const SEED = Number(opt('--seed', '1'));
const OUT = path.resolve(opt('--out', path.join(root, '.bench-scratch', 'diff-out')));

// ---------------------------------------------------------------- engines
const accountOf = (arn) => (arn && arn.startsWith('arn:') ? arn.split(':')[4] : '');

async function loadEngines() {
  const wasmDir = opt('--wasm-dir', process.env.WD_WASM_DIR || path.join(root, 'build-wasm'));
  const { default: create } = await import(pathToFileURL(path.join(wasmDir, 'whydenied.mjs')).href);
  const engine = await create({ wasmBinary: readFileSync(path.join(wasmDir, 'whydenied.wasm')) });
  // The web app loads the IAM catalog (services, resource types, RCP support); do the same when it is built.
  const catalog = path.join(process.env.WD_GENERATED_DIR || path.join(root, 'build', 'generated'), 'iam-catalog.json');
  if (existsSync(catalog)) engine.loadCatalog(readFileSync(catalog, 'utf8'));
  else console.log(`note: no catalog at ${catalog}; evaluating without it`);
  const sim = await import(pathToFileURL(installSimulate()).href);
  const ours = (c) => {
    const o = engine.evaluate(JSON.stringify(stripMeta(c)));
    const r = typeof o === 'string' ? JSON.parse(o) : o;
    return { decision: r.decision, reasonClass: r.reasonClass };
  };
  const theirs = async (c) => {
    let r;
    try {
      r = await sim.runSimulation(toSimulation(stripMeta(c), sim.anonymousPrincipal), {});
    } catch (e) {
      return { decision: 'Error', detail: `throw: ${e.message}` };
    }
    if (r.resultType === 'error') return { decision: 'Error', detail: r.errors && r.errors.message };
    const res = r.resultType === 'single' ? r.result : undefined;
    return { decision: SIM_DECISION[r.overallResult] || String(r.overallResult), ignored: res && res.ignoredContextKeys };
  };
  return { ours, theirs };
}
const stripMeta = (c) => {
  const { id, feature, desc, expected, tags, ours, simulate, ...rest } = c;
  return rest;
};

// ---------------------------------------------------------------- random
function mulberry32(a) {
  return () => {
    a |= 0; a = (a + 0x6D2B79F5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
let rnd = mulberry32(SEED);
const chance = (p) => rnd() < p;
const int = (a, b) => a + Math.floor(rnd() * (b - a + 1));
const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
const some = (arr, max = 3) => { const n = int(1, Math.min(max, arr.length)); const a = [...arr]; const out = []; while (out.length < n) out.push(a.splice(Math.floor(rnd() * a.length), 1)[0]); return out; };
const one = (list) => (list.length === 1 && chance(0.6) ? list[0] : list); // scalar or list form

// ---------------------------------------------------------------- the world
const A = '111111111111';
const B = '222222222222';
const PRINCIPALS = [
  { kind: 'user', arn: `arn:aws:iam::${A}:user/alice`, userid: 'AIDAEXAMPLEALICE', username: 'alice' },
  { kind: 'user-path', arn: `arn:aws:iam::${A}:user/dev/bob`, userid: 'AIDAEXAMPLEBOB', username: 'bob' },
  { kind: 'role', arn: `arn:aws:iam::${A}:role/app`, userid: 'AROAEXAMPLEAPP' },
  { kind: 'session', arn: `arn:aws:sts::${A}:assumed-role/app/sess1`, role: `arn:aws:iam::${A}:role/app`, userid: 'AROAEXAMPLEAPP:sess1' },
  { kind: 'session-path-role', arn: `arn:aws:sts::${A}:assumed-role/ops/s2`, role: `arn:aws:iam::${A}:role/team/ops`, userid: 'AROAEXAMPLEOPS:s2' },
  { kind: 'xacct-role', arn: `arn:aws:iam::${B}:role/partner`, userid: 'AROAEXAMPLEPARTNER' },
  { kind: 'xacct-session', arn: `arn:aws:sts::${B}:assumed-role/partner/s1`, role: `arn:aws:iam::${B}:role/partner`, userid: 'AROAEXAMPLEPARTNER:s1' },
  { kind: 'slr', arn: `arn:aws:iam::${A}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`, userid: 'AROAEXAMPLESLR' },
  { kind: 'root', arn: `arn:aws:iam::${A}:root`, userid: A },
  { kind: 'service', arn: 'lambda.amazonaws.com' },
];
// action, resource, resource account, whether the service supports RCPs
const TARGETS = [
  { action: 's3:GetObject', resource: 'arn:aws:s3:::data-bucket/reports/2024/a.txt', acct: 'A', rcp: true },
  { action: 's3:PutObject', resource: 'arn:aws:s3:::data-bucket/home/alice/x.txt', acct: 'A', rcp: true },
  { action: 's3:ListBucket', resource: 'arn:aws:s3:::data-bucket', acct: 'A', rcp: true },
  { action: 's3:GetObject', resource: 'arn:aws:s3:::other-bucket/k', acct: 'B', rcp: true },
  { action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${A}:jobs`, rcp: true },
  { action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${B}:jobs`, rcp: true },
  { action: 'kms:Decrypt', resource: `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, rcp: true },
  { action: 'secretsmanager:GetSecretValue', resource: `arn:aws:secretsmanager:us-east-1:${A}:secret:db-AbCdEf`, rcp: true },
  { action: 'lambda:InvokeFunction', resource: `arn:aws:lambda:us-east-1:${A}:function:fn`, rcp: false },
  { action: 'lambda:InvokeFunction', resource: `arn:aws:lambda:us-east-1:${B}:function:fn`, rcp: false },
  { action: 'sns:Publish', resource: `arn:aws:sns:us-east-1:${A}:topic`, rcp: false },
  { action: 'ec2:DescribeInstances', resource: '*', rcp: false },
  { action: 'iam:GetUser', resource: `arn:aws:iam::${A}:user/alice`, rcp: false },
  { action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/target`, rcp: true },
  { action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:us-east-1:${A}:table/Orders`, rcp: false },
];

// ---------------------------------------------------------------- context
const IPV4 = ['10.0.0.1', '10.1.2.3', '192.0.2.10', '203.0.113.7', '0.0.0.0', '255.255.255.255'];
const IPV6 = ['2001:db8::1', '2001:DB8:0:0:0:0:0:1', '::1', '2001:db8:1::abcd', '::ffff:10.0.0.1', 'fe80::1'];
const ISO = ['2024-06-01T12:00:00Z', '2024-06-01T12:00:00.500Z', '2024-06-01T14:00:00+02:00', '2024-06-01', '2030-01-01T00:00:00Z', '2019-12-31T23:59:59Z'];
const EPOCH = ['1717243200', '1717243200000', '1893456000', '1577836799'];
const TAGS = ['dev', 'Dev', 'prod', 'ops', 'a*b', ''];

function genContext(p, t) {
  const ctx = {};
  if (chance(0.5)) ctx['aws:SourceIp'] = chance(0.65) ? pick(IPV4) : pick(IPV6);
  if (chance(0.35)) ctx['aws:CurrentTime'] = chance(0.8) ? pick(ISO) : pick(EPOCH);
  if (chance(0.2)) ctx['aws:EpochTime'] = chance(0.7) ? pick(EPOCH) : pick(ISO);
  if (chance(0.35)) ctx['aws:SecureTransport'] = pick(['true', 'false', 'TRUE', 'True', true, false]);
  if (chance(0.2)) ctx['aws:MultiFactorAuthPresent'] = pick(['true', 'false']);
  if (chance(0.25)) ctx['aws:MultiFactorAuthAge'] = pick(['300', '3600', '7200', '0', '300.5', '1e3']);
  if (chance(0.4)) ctx['aws:PrincipalTag/team'] = pick(TAGS);
  if (chance(0.15)) ctx['aws:PrincipalTag/bin'] = pick(['QmluYXJ5', 'AAEC', 'b3RoZXI=']);
  if (chance(0.25)) ctx['aws:RequestedRegion'] = pick(['us-east-1', 'eu-west-1', 'US-EAST-1']);
  if (chance(0.2)) ctx['aws:SourceVpce'] = pick(['vpce-1a2b3c4d', 'vpce-9z']);
  if (chance(0.2)) ctx['aws:SourceArn'] = pick([`arn:aws:sns:us-east-1:${A}:topic`, `arn:aws:s3:::data-bucket`, `arn:aws:lambda:us-east-1:${B}:function:fn`, `arn:aws:sqs:us-east-1:${A}:Jobs`]);
  if (chance(0.15)) ctx['aws:SourceAccount'] = pick([A, B]);
  if (chance(0.2)) ctx['aws:PrincipalOrgID'] = pick(['o-abc123', 'o-other']);
  if (chance(0.2)) {
    const v = pick([[], ['env'], ['env', 'team'], ['Env'], 'env', ['owner', 'cost']]);
    ctx['aws:TagKeys'] = v;
  }
  if (chance(0.15)) ctx['aws:RequestTag/env'] = pick(['dev', 'prod']);
  if (chance(0.15)) ctx['aws:ResourceTag/owner'] = pick(['alice', 'bob', 'dev']);
  if (chance(0.2) && p.arn.startsWith('arn:')) ctx['aws:PrincipalArn'] = chance(0.85) ? (p.role || p.arn) : p.arn;
  if (chance(0.15) && p.arn.startsWith('arn:')) ctx['aws:PrincipalAccount'] = accountOf(p.arn);
  if (chance(0.15) && p.userid) ctx['aws:userid'] = p.userid;
  if (chance(0.1) && p.username) ctx['aws:username'] = p.username;
  if (t.action === 's3:ListBucket' && chance(0.4)) ctx['s3:prefix'] = pick(['home/alice/', 'home/', '', 'reports/2024']);
  if (t.action.startsWith('kms:') && chance(0.3)) ctx['kms:ViaService'] = pick(['s3.us-east-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com']);
  return ctx;
}

// ---------------------------------------------------------------- conditions
const VARS = ['${aws:username}', '${aws:PrincipalTag/team}', '${aws:userid}', '${*}', '${?}', '${$}',
  "${aws:PrincipalTag/team, 'none'}", '${aws:principaltag/team}', '${aws:SourceAccount}', '${aws:PrincipalAccount}', '${aws:nosuchkey}'];
const withVar = (s) => (chance(0.12) ? s.replace(/dev|alice|app/, pick(VARS)) : s);
const caseFlip = (s) => (chance(0.5) ? s.toUpperCase() : s[0].toUpperCase() + s.slice(1));

function condValuesFor(family, key, tags) {
  switch (family) {
    case 'String': {
      const base = { 'aws:PrincipalTag/team': TAGS, 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'], 'aws:SourceVpce': ['vpce-1a2b3c4d'],
        'aws:PrincipalOrgID': ['o-abc123'], 'aws:TagKeys': ['env', 'team', 'Env', 'owner'], 'aws:RequestTag/env': ['dev', 'prod'],
        'aws:ResourceTag/owner': ['alice', '${aws:username}', 'dev'], 's3:prefix': ['home/alice/', 'home/${aws:username}/', '', 'home/'],
        'aws:userid': ['AIDAEXAMPLEALICE', 'AROAEXAMPLEAPP:*', '${aws:userid}', 'AROAEXAMPLEAPP:sess1'], 'aws:username': ['alice', 'Alice', 'bob'],
        'aws:SourceAccount': [A, B], 'aws:PrincipalAccount': [A, B], 'kms:ViaService': ['s3.us-east-1.amazonaws.com'],
        'aws:PrincipalArn': [`arn:aws:iam::${A}:role/app`, `arn:aws:iam::${A}:role/*`], 'aws:SourceArn': [`arn:aws:sns:us-east-1:${A}:topic`] }[key] || ['dev'];
      const vals = some(base, 3).map((v) => {
        if (chance(0.15)) { tags.add('cond:case-variant'); return v ? caseFlip(v) : v; }
        if (chance(0.2)) { tags.add('cond:wildcard-value'); return v.length > 2 ? (chance(0.5) ? v.slice(0, 2) + '*' : v.slice(0, 1) + '?' + v.slice(2)) : '*'; }
        const w = withVar(v);
        if (w !== v) tags.add('var:in-condition');
        return w;
      });
      return vals;
    }
    case 'Numeric': return some(['3600', 3600, '300', '0', '-1', '300.5', '1e3', '0x10', 7200, 300.0, ' 300'], 2);
    case 'Date': return some([...ISO, ...EPOCH, 1717243200, '2024-06-01T12:00:00', '2024-06-01T12:00Z'], 2);
    case 'Bool': return some(['true', 'false', true, false, 'TRUE', 'yes'], 1);
    case 'Binary': return some(['QmluYXJ5', 'AAEC', 'QmluYXJ5\n', 'qmluyxj5'], 2);
    case 'Ip': return some(['10.0.0.0/8', '10.0.0.1/32', '10.0.0.1', '192.0.2.0/24', '0.0.0.0/0', '2001:db8::/32', '2001:DB8::/64',
      '::/0', '2001:db8::1/128', '::ffff:10.0.0.0/104', '203.0.113.0/33', '10.0.0.0/8 ', 'not-an-ip'], 2);
    case 'Arn': return some([`arn:aws:sns:us-east-1:${A}:topic`, `arn:aws:sns:*:${A}:*`, `arn:aws:*:*:${A}:*`, 'arn:aws:s3:::data-*',
      `arn:aws:iam::${A}:role/*`, `arn:aws:iam::${A}:role/app`, `arn:aws:iam::*:role/partner`, `arn:aws:lambda:us-east-1:${B}:function:*`,
      `arn:aws:sqs:us-east-1:${A}:jobs`, `arn:aws:SNS:us-east-1:${A}:topic`, `arn:aws:iam::${A}:*`, `arn:aws:iam::${A}:role/team/*`, '*',
      `arn:aws:sts::${A}:assumed-role/app/*`, 'arn:aws:iam::${aws:PrincipalAccount}:role/app'], 3);
    case 'Null': return [pick(['true', 'false', true, false])];
    default: return ['x'];
  }
}
const KEYS_BY_FAMILY = {
  String: ['aws:PrincipalTag/team', 'aws:RequestedRegion', 'aws:SourceVpce', 'aws:PrincipalOrgID', 'aws:TagKeys', 'aws:RequestTag/env',
    'aws:ResourceTag/owner', 's3:prefix', 'aws:userid', 'aws:username', 'aws:SourceAccount', 'aws:PrincipalAccount', 'kms:ViaService',
    'aws:PrincipalArn', 'aws:SourceArn', 'aws:principaltag/TEAM'],
  Numeric: ['aws:MultiFactorAuthAge', 'aws:EpochTime'],
  Date: ['aws:CurrentTime', 'aws:EpochTime', 'aws:TokenIssueTime'],
  Bool: ['aws:SecureTransport', 'aws:MultiFactorAuthPresent', 'aws:ViaAWSService'],
  Binary: ['aws:PrincipalTag/bin'],
  Ip: ['aws:SourceIp'],
  Arn: ['aws:SourceArn', 'aws:PrincipalArn'],
  Null: ['aws:PrincipalTag/team', 'aws:SourceIp', 'aws:TagKeys', 'aws:SecureTransport', 'aws:SourceArn', 'aws:MultiFactorAuthAge'],
};
const OPS_BY_FAMILY = {
  String: ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'],
  Numeric: ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'],
  Date: ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'],
  Bool: ['Bool'],
  Binary: ['BinaryEquals'],
  Ip: ['IpAddress', 'NotIpAddress'],
  Arn: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'],
  Null: ['Null'],
};
function genCondition(tags) {
  const cond = {};
  const nOps = pick([1, 1, 1, 2, 2, 3]);
  for (let i = 0; i < nOps; i++) {
    const family = pick(['String', 'String', 'String', 'Numeric', 'Date', 'Date', 'Bool', 'Binary', 'Ip', 'Ip', 'Arn', 'Arn', 'Null']);
    let op = pick(OPS_BY_FAMILY[family]);
    if (op !== 'Null' && chance(0.2)) { op += 'IfExists'; tags.add('cond:IfExists'); }
    if (family !== 'Null' && chance(0.2)) { const q = pick(['ForAllValues:', 'ForAnyValue:']); op = q + op; tags.add(`cond:${q}`); }
    tags.add(`op:${op}`);
    if (/Not/.test(op)) tags.add('cond:negated');
    const block = cond[op] || (cond[op] = {});
    const nKeys = chance(0.2) ? 2 : 1;
    for (let k = 0; k < nKeys; k++) {
      const key = pick(KEYS_BY_FAMILY[family]);
      const vals = condValuesFor(family, key, tags);
      if (nKeys > 1) tags.add('cond:multi-key');
      if (vals.length > 1) tags.add('cond:multi-value');
      block[key] = vals.length === 1 && chance(0.6) ? vals[0] : vals;
    }
  }
  return cond;
}

// ---------------------------------------------------------------- action / resource patterns
function actionPattern(t, tags) {
  const [svc, name] = t.action.split(':');
  const r = rnd();
  let a;
  if (r < 0.3) a = t.action;
  else if (r < 0.38) { a = chance(0.5) ? t.action.toLowerCase() : `${svc.toUpperCase()}:${name.toUpperCase()}`; tags.add('action:case'); }
  else if (r < 0.5) { a = `${svc}:${name.slice(0, 3)}*`; tags.add('action:wildcard'); }
  else if (r < 0.56) { a = `${svc}:*${name.slice(-4)}`; tags.add('action:wildcard'); }
  else if (r < 0.62) { const i = int(0, name.length - 1); a = `${svc}:${name.slice(0, i)}?${name.slice(i + 1)}`; tags.add('action:qmark'); }
  else if (r < 0.68) { a = `${svc}:*`; }
  else if (r < 0.72) { a = '*'; }
  else if (r < 0.73) { a = `${svc.slice(0, 2)}*:${name}`; tags.add('action:wildcard-in-service'); }
  else if (r < 0.74) { a = `${svc}*`; tags.add('action:no-colon'); }
  else a = pick(['s3:GetObject', 's3:Put*', 'sqs:*', 'kms:Encrypt', 'ec2:Describe*', 'iam:Get*', 'lambda:Invoke*', 'sts:AssumeRole*', 'dynamodb:*Item']);
  return a;
}
function resourcePattern(t, p, tags) {
  const res = t.resource;
  if (res === '*') return pick(['*', `arn:aws:ec2:us-east-1:${A}:instance/*`, 'arn:aws:ec2:*:*:*']);
  const parts = res.split(':');
  const r = rnd();
  if (r < 0.3) return res;
  if (r < 0.4) return '*';
  if (r < 0.5) { tags.add('resource:wildcard-tail'); return res.slice(0, Math.max(8, res.length - int(1, 8))) + '*'; }
  if (r < 0.56) { tags.add('resource:qmark'); const i = int(8, res.length - 1); return res.slice(0, i) + '?' + res.slice(i + 1); }
  if (r < 0.62) { tags.add('resource:segment-wildcard'); const q = [...parts]; const i = int(2, Math.min(5, q.length - 1)); q[i] = pick(['*', '', '?*']); return q.join(':'); }
  if (r < 0.68) { tags.add('resource:case'); return chance(0.5) ? 'arn:' + res.slice(4).toUpperCase() : res.replace(/[a-z]+$/, (m) => m.toUpperCase()); }
  if (r < 0.74 && res.startsWith('arn:aws:s3:::')) {
    tags.add('resource:s3-bucket-vs-object');
    return pick(['arn:aws:s3:::data-bucket', 'arn:aws:s3:::data-bucket/*', 'arn:aws:s3:::data-bucket*', 'arn:aws:s3:::*/*', 'arn:aws:s3:::data-bucket/home/*']);
  }
  if (r < 0.82) {
    tags.add('resource:variable');
    return pick(['arn:aws:s3:::data-bucket/home/${aws:username}/*', 'arn:aws:s3:::data-bucket/home/${aws:username}*', `arn:aws:iam::${A}:user/\${aws:username}`,
      'arn:aws:s3:::data-bucket/${*}*', 'arn:aws:s3:::data-bucket/reports/${?}*', `arn:aws:sqs:us-east-1:\${aws:PrincipalAccount}:jobs`,
      `arn:aws:sqs:us-east-1:${A}:\${aws:PrincipalTag/team, 'jobs'}`, 'arn:aws:s3:::data-bucket/home/${aws:userid}/*',
      `arn:aws:lambda:us-east-1:${A}:function:\${aws:PrincipalTag/team}`, 'arn:aws:s3:::${aws:PrincipalTag/team}-bucket/*', 'arn:aws:s3:::data-bucket/$${$}*']);
  }
  if (r < 0.86) { tags.add('resource:type-wildcard'); return res.replace(/:(function|secret|key|table|user|role)([:/])/, (m, ty, s) => `:${ty.slice(0, 2)}*${s}`); }
  return pick(['arn:aws:s3:::data-bucket/reports/*', `arn:aws:sqs:*:${A}:*`, `arn:aws:kms:us-east-1:${A}:alias/*`, `arn:aws:lambda:us-east-1:*:function:*`,
    `arn:aws:secretsmanager:us-east-1:${A}:secret:db-??????`, `arn:aws:dynamodb:us-east-1:${A}:table/Orders/*`, `arn:aws:iam::${A}:role/*`]);
}

function genStatement(kind, t, p, tags, { allowBias = 0.75 } = {}) {
  const st = {};
  if (chance(0.3)) st.Sid = `S${int(1, 99)}`;
  st.Effect = kind === 'rcp' ? 'Deny' : chance(allowBias) ? 'Allow' : 'Deny';
  if (kind === 'resource' || (kind === 'rcp')) {
    const notP = kind === 'resource' && chance(st.Effect === 'Deny' ? 0.3 : 0.02);
    st[notP ? 'NotPrincipal' : 'Principal'] = principalElement(p, tags, kind);
    if (st.NotPrincipal) tags.add(`principal:NotPrincipal-${st.Effect}`);
  }
  const actionOf = () => { let a = actionPattern(t, tags); while (kind === 'rcp' && a === '*') a = actionPattern(t, tags); return a; };
  const acts = [actionOf()];
  if (chance(0.25)) acts.push(actionOf());
  if (chance(0.15)) { st.NotAction = one(acts); tags.add('action:NotAction'); } else st.Action = one(acts);
  if (!(kind === 'scp' && chance(0.3))) {
    const ress = [resourcePattern(t, p, tags)];
    if (chance(0.2)) ress.push(resourcePattern(t, p, tags));
    if (chance(0.12)) { st.NotResource = one(ress); tags.add('resource:NotResource'); } else st.Resource = one(ress);
  } else if (kind === 'scp') st.Resource = '*';
  if (chance(kind === 'rcp' || kind === 'scp' ? 0.6 : 0.45)) { st.Condition = genCondition(tags); tags.add('cond'); }
  return st;
}
function principalElement(p, tags, kind) {
  if (kind === 'rcp') return '*';
  const acct = p.arn.startsWith('arn:') ? accountOf(p.arn) : A;
  const r = rnd();
  let el;
  if (r < 0.12) el = '*';
  else if (r < 0.22) el = { AWS: '*' };
  else if (r < 0.32) el = { AWS: acct };
  else if (r < 0.42) el = { AWS: `arn:aws:iam::${acct}:root` };
  else if (r < 0.56) el = { AWS: p.role || p.arn };
  else if (r < 0.66) el = { AWS: p.arn };
  else if (r < 0.72) el = { Service: pick(['lambda.amazonaws.com', 'sns.amazonaws.com', ['lambda.amazonaws.com', 's3.amazonaws.com']]) };
  else if (r < 0.78) el = { AWS: pick([A, B]) };
  else if (r < 0.84) el = { AWS: [`arn:aws:iam::${B}:role/partner`, `arn:aws:iam::${A}:user/alice`] };
  else if (r < 0.88) el = { AWS: `arn:aws:sts::${acct}:assumed-role/app/other` };
  else if (r < 0.92) el = { AWS: `arn:aws:iam::${acct}:role/*` };
  else if (r < 0.95) el = { AWS: `arn:aws:iam::${acct}:role/team/ops` };
  else el = { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' };
  tags.add(`principal:${typeof el === 'string' ? 'star' : Object.keys(el)[0] + ':' + describePrincipal(el, p)}`);
  return el;
}
function describePrincipal(el, p) {
  const v = Object.values(el)[0];
  if (v === '*') return 'star';
  if (Array.isArray(v)) return 'list';
  if (/^\d{12}$/.test(v)) return 'account-id';
  if (v.endsWith(':root')) return 'root-arn';
  if (v.includes('assumed-role')) return 'session-arn';
  if (v.includes('*')) return 'wildcard-arn';
  if (v === p.arn) return 'exact-principal';
  if (v === p.role) return 'role-of-session';
  return 'other';
}

const VERSIONS = ['2012-10-17', '2012-10-17', '2012-10-17', '2008-10-17', undefined];
function policy(statements, tags, kind) {
  const doc = {};
  const v = kind === 'rcp' && chance(0.95) ? '2012-10-17' : pick(VERSIONS);
  if (v) doc.Version = v;
  if (v !== '2012-10-17') tags.add(`version:${v || 'none'}`);
  doc.Statement = statements.length === 1 && chance(0.3) ? statements[0] : statements;
  return doc;
}
const fullAccess = (effect = 'Allow') => ({ Effect: effect, Action: '*', Resource: '*' });

function genCase(i) {
  const tags = new Set();
  const p = pick(PRINCIPALS);
  const t = pick(TARGETS);
  tags.add(`principal-kind:${p.kind}`);
  const c = { id: `diff-${SEED}-${i}` };
  const request = { principal: p.arn, action: t.action, resource: t.resource };
  if (t.acct) request.resourceAccount = t.acct === 'A' ? A : B;
  else if (t.resource === '*' && chance(0.3)) request.resourceAccount = A;
  const resAcct = request.resourceAccount || accountOf(t.resource) || (p.arn.startsWith('arn:') ? accountOf(p.arn) : A);
  const cross = p.arn.startsWith('arn:') && resAcct !== accountOf(p.arn);
  if (cross) tags.add('cross-account');
  request.context = genContext(p, t);
  if (p.kind !== 'service') {
    const nPol = pick([0, 1, 1, 1, 2, 2, 3]);
    c.identityPolicies = [];
    for (let k = 0; k < nPol; k++) {
      const sts = Array.from({ length: int(1, 3) }, () => genStatement('identity', t, p, tags));
      c.identityPolicies.push(chance(0.5) ? { name: `pol${k}`, policy: policy(sts, tags) } : policy(sts, tags));
    }
  } else c.identityPolicies = [];
  const needResource = p.kind === 'service' || cross || ['kms:Decrypt', 'sts:AssumeRole'].includes(t.action);
  if (needResource || chance(0.35)) {
    tags.add('resource-policy');
    c.resourcePolicy = policy(Array.from({ length: int(1, 3) }, () => genStatement('resource', t, p, tags)), tags);
  }
  if (p.kind !== 'service' && p.kind !== 'root' && chance(0.2)) {
    tags.add('boundary');
    c.permissionBoundaryPolicies = [policy(Array.from({ length: int(1, 2) }, () => genStatement('boundary', t, p, tags, { allowBias: 0.85 })), tags)];
  }
  if (/session/.test(p.kind) && chance(0.3)) {
    tags.add('session-policy');
    c.sessionPolicy = policy(Array.from({ length: int(1, 2) }, () => genStatement('session', t, p, tags, { allowBias: 0.85 })), tags);
  }
  if (chance(0.3)) {
    tags.add('scp');
    const nLevels = int(1, 3);
    c.serviceControlPolicies = [];
    for (let l = 0; l < nLevels; l++) {
      const pols = [];
      if (chance(0.85)) pols.push({ name: 'FullAWSAccess', policy: { Version: '2012-10-17', Statement: [fullAccess()] } });
      if (chance(0.6) || pols.length === 0) pols.push({ name: `scp${l}`, policy: policy(Array.from({ length: int(1, 2) }, () => genStatement('scp', t, p, tags, { allowBias: 0.4 })), tags) });
      c.serviceControlPolicies.push({ orgIdentifier: l === 0 ? 'r-root' : l === 1 ? 'ou-1' : A, policies: pols });
    }
    if (nLevels > 1) tags.add('scp:multi-level');
  }
  if (chance(0.2)) {
    tags.add(t.rcp ? 'rcp' : 'rcp:unsupported-service');
    const nLevels = int(1, 2);
    c.resourceControlPolicies = [];
    for (let l = 0; l < nLevels; l++) {
      // RCPFullAWSAccess is implicit (iam-simulate rejects Allow in an RCP); custom RCPs only deny.
      const pols = [];
      pols.push({ name: `rcp${l}`, policy: policy(Array.from({ length: int(1, 2) }, () => genStatement('rcp', t, p, tags)), tags, 'rcp') });
      c.resourceControlPolicies.push({ orgIdentifier: l === 0 ? 'r-root' : 'ou-1', policies: pols });
    }
  }
  c.request = request;
  c.tags = [...tags].sort();
  return c;
}

// Mutations of corpus cases: swap principal, flip Version, add a context key or condition.
function mutateCorpus(base, i) {
  const c = JSON.parse(JSON.stringify(stripMeta(base)));
  const tags = new Set(['corpus-mutation', `corpus:${base.id}`]);
  const r = rnd();
  const p = PRINCIPALS.find((x) => x.arn === c.request.principal) || pick(PRINCIPALS);
  const t = TARGETS.find((x) => x.action === c.request.action) || { action: c.request.action, resource: c.request.resource };
  const allPolicies = () => [...(c.identityPolicies || []).map((x) => (x.policy || x)), c.resourcePolicy, ...(c.permissionBoundaryPolicies || []).map((x) => (x.policy || x))].filter(Boolean);
  if (r < 0.25) { const np = pick(PRINCIPALS.filter((x) => x.kind !== 'service')); c.request.principal = np.arn; tags.add(`mut:principal:${np.kind}`); }
  else if (r < 0.45) { for (const d of allPolicies()) { const v = pick(VERSIONS); if (v) d.Version = v; else delete d.Version; tags.add(`version:${v || 'none'}`); } }
  else if (r < 0.7) { Object.assign(c.request.context = c.request.context || {}, genContext(p, t)); tags.add('mut:context'); }
  else {
    const docs = allPolicies();
    if (docs.length) {
      const d = pick(docs);
      const sts = Array.isArray(d.Statement) ? d.Statement : [d.Statement];
      const st = pick(sts);
      if (st && typeof st === 'object') st.Condition = { ...(st.Condition || {}), ...genCondition(tags) };
      tags.add('mut:condition');
    }
    Object.assign(c.request.context = c.request.context || {}, genContext(p, t));
  }
  c.id = `mut-${SEED}-${i}`;
  c.tags = [...tags].sort();
  return c;
}

// ---------------------------------------------------------------- minimiser (greedy, keeps the decision pair)
function* shrinks(c) {
  const clone = () => JSON.parse(JSON.stringify(c));
  for (const k of ['resourceControlPolicies', 'serviceControlPolicies', 'sessionPolicy', 'permissionBoundaryPolicies', 'resourcePolicy']) if (c[k] !== undefined) { const x = clone(); delete x[k]; yield x; }
  for (const k of ['resourceControlPolicies', 'serviceControlPolicies']) for (let l = 0; l < (c[k] || []).length; l++) {
    const x = clone(); x[k].splice(l, 1); if (x[k].length) yield x;
    for (let q = 0; q < (c[k][l].policies || []).length; q++) { const y = clone(); y[k][l].policies.splice(q, 1); yield y; }
  }
  for (let q = 0; q < (c.identityPolicies || []).length; q++) { const x = clone(); x.identityPolicies.splice(q, 1); yield x; }
  for (const key of Object.keys(c.request.context || {})) { const x = clone(); delete x.request.context[key]; yield x; }
  // statement level, in every document
  const docs = (x) => {
    const out = [];
    for (const ip of x.identityPolicies || []) out.push(ip.policy && !ip.Statement ? ip.policy : ip);
    for (const k of ['permissionBoundaryPolicies']) for (const bp of x[k] || []) out.push(bp.policy && !bp.Statement ? bp.policy : bp);
    if (x.sessionPolicy) out.push(x.sessionPolicy);
    if (x.resourcePolicy) out.push(x.resourcePolicy);
    for (const k of ['serviceControlPolicies', 'resourceControlPolicies']) for (const l of x[k] || []) for (const pp of l.policies || []) out.push(pp.policy);
    return out;
  };
  const nDocs = docs(c).length;
  for (let d = 0; d < nDocs; d++) {
    const doc = docs(c)[d];
    const sts = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
    if (sts.length > 1) for (let s = 0; s < sts.length; s++) { const x = clone(); const dd = docs(x)[d]; dd.Statement.splice(s, 1); yield x; }
    for (let s = 0; s < sts.length; s++) {
      const st = sts[s];
      const get = (x) => { const dd = docs(x)[d]; return Array.isArray(dd.Statement) ? dd.Statement[s] : dd.Statement; };
      if (st.Sid) { const x = clone(); delete get(x).Sid; yield x; }
      if (st.Condition) {
        { const x = clone(); delete get(x).Condition; yield x; }
        for (const op of Object.keys(st.Condition)) {
          if (Object.keys(st.Condition).length > 1) { const x = clone(); delete get(x).Condition[op]; yield x; }
          for (const key of Object.keys(st.Condition[op])) {
            if (Object.keys(st.Condition[op]).length > 1) { const x = clone(); delete get(x).Condition[op][key]; yield x; }
            const v = st.Condition[op][key];
            if (Array.isArray(v)) for (let j = 0; j < v.length; j++) { const x = clone(); const vv = get(x).Condition[op][key]; vv.splice(j, 1); if (vv.length) yield x; }
          }
        }
      }
      for (const el of ['Action', 'NotAction', 'Resource', 'NotResource']) if (Array.isArray(st[el]) && st[el].length > 1)
        for (let j = 0; j < st[el].length; j++) { const x = clone(); get(x)[el].splice(j, 1); yield x; }
      for (const el of ['Principal', 'NotPrincipal']) if (st[el] && typeof st[el] === 'object') for (const k of Object.keys(st[el])) {
        const v = st[el][k];
        if (Array.isArray(v)) for (let j = 0; j < v.length; j++) { const x = clone(); get(x)[el][k].splice(j, 1); if (get(x)[el][k].length) yield x; }
      }
    }
  }
}
async function minimize(c, key, compare) {
  let cur = c;
  for (let round = 0; round < 30; round++) {
    let changed = false;
    for (const cand of shrinks(cur)) {
      const r = await compare(cand);
      if (r.key === key) { cur = cand; changed = true; break; }
    }
    if (!changed) break;
  }
  return cur;
}
// A coarse signature of a minimised case, to group disagreements into classes.
function signature(c, key) {
  const feats = new Set([key]);
  const p = PRINCIPALS.find((x) => x.arn === c.request.principal);
  feats.add(`p:${p ? p.kind : c.request.principal}`);
  for (const k of ['permissionBoundaryPolicies', 'sessionPolicy', 'resourcePolicy', 'serviceControlPolicies', 'resourceControlPolicies']) if (c[k]) feats.add(k);
  const walk = (x) => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (x && typeof x === 'object') {
      for (const [k, v] of Object.entries(x)) {
        if (k === 'Condition') for (const op of Object.keys(v)) feats.add(`op:${op}`);
        if (k === 'NotPrincipal' || k === 'NotAction' || k === 'NotResource') feats.add(k);
        if (k === 'Version') feats.add(`v:${v}`);
        walk(v);
      }
    } else if (typeof x === 'string' && x.includes('${')) feats.add('var');
  };
  walk(stripMeta({ ...c, request: undefined }));
  return [...feats].sort().join(' ');
}

// ---------------------------------------------------------------- main
async function main() {
  const { ours, theirs } = await loadEngines();
  mkdirSync(OUT, { recursive: true });
  const compare = async (c) => {
    const o = ours(c);
    const s = await theirs(c);
    return { o, s, key: `${o.decision}|${s.decision}` };
  };
  const corpus = readFileSync(path.join(root, 'tests/corpus/iam-eval/cases.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  if (!args.includes('--no-corpus')) {
    let simAgree = 0; let ourAgree = 0;
    for (const c of corpus) {
      const r = await compare(c);
      if (r.s.decision === c.expected.decision) simAgree++;
      if (r.o.decision === c.expected.decision) ourAgree++;
    }
    console.log(`corpus: ours ${ourAgree}/${corpus.length}, iam-simulate ${simAgree}/${corpus.length} agree with expected decisions`);
  }
  const counts = { cases: 0, agree: 0, disagree: 0, ourError: 0, simError: 0, byPair: {}, byTag: {} };
  const dis = [];
  const lines = [];
  for (let i = 0; i < N; i++) {
    const c = chance(0.2) ? mutateCorpus(pick(corpus), i) : genCase(i);
    const r = await compare(c);
    counts.cases++;
    if (r.o.decision === 'Error') counts.ourError++;
    if (r.s.decision === 'Error') counts.simError++;
    if (r.o.decision === r.s.decision) { counts.agree++; continue; }
    counts.disagree++;
    counts.byPair[r.key] = (counts.byPair[r.key] || 0) + 1;
    for (const t of c.tags) counts.byTag[t] = (counts.byTag[t] || 0) + 1;
    const rec = { ...c, ours: r.o, simulate: r.s };
    dis.push(rec);
    lines.push(JSON.stringify(rec));
  }
  writeFileSync(path.join(OUT, 'disagreements.jsonl'), lines.join('\n') + (lines.length ? '\n' : ''));
  console.log(`cases ${counts.cases}: agree ${counts.agree}, disagree ${counts.disagree} (${(100 * counts.disagree / counts.cases).toFixed(2)}%); `
    + `Error answers: ours ${counts.ourError}, iam-simulate ${counts.simError}`);
  console.log('by decision pair (ours|iam-simulate):', counts.byPair);
  if (!args.includes('--no-minimize')) {
    const sigs = {};
    const mins = [];
    const cap = Number(opt('--minimize-per-pair', '1000000'));
    const perPair = {};
    for (const d of dis) {
      const key = `${d.ours.decision}|${d.simulate.decision}`;
      if ((perPair[key] = (perPair[key] || 0) + 1) > cap) continue;
      const m = await minimize(stripMeta(d), key, compare);
      const sig = signature(m, key);
      (sigs[sig] = sigs[sig] || { count: 0, example: null, ids: [] }).count++;
      sigs[sig].ids.push(d.id);
      const size = JSON.stringify(m).length;
      if (!sigs[sig].example || size < JSON.stringify(sigs[sig].example).length) sigs[sig].example = m;
      mins.push(JSON.stringify({ id: d.id, signature: sig, ...m }));
    }
    writeFileSync(path.join(OUT, 'minimized.jsonl'), mins.join('\n') + (mins.length ? '\n' : ''));
    const sorted = Object.entries(sigs).sort((a, b) => b[1].count - a[1].count);
    writeFileSync(path.join(OUT, 'summary.json'), JSON.stringify({ seed: SEED, counts, signatures: Object.fromEntries(sorted) }, null, 1));
    console.log(`${sorted.length} signatures of minimised disagreements (DIR/summary.json):`);
    for (const [sig, v] of sorted.slice(0, 40)) console.log(`  ${String(v.count).padStart(5)}  ${sig}`);
  } else writeFileSync(path.join(OUT, 'summary.json'), JSON.stringify({ seed: SEED, counts }, null, 1));
  console.log(`disagreements written to ${OUT}`);
}
main().catch((e) => { console.error(e); process.exit(1); });
