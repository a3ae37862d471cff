// SPDX-License-Identifier: MIT
// The comparison harness for @cloud-copilot/iam-simulate (AGPL-3.0), shared by the benchmark
// (bench/eval_bench.mjs) and the differential test (tests/differential/iam_simulate_diff.mjs). It is a dev-only
// black box: installed with `npm install --no-save` into .bench-scratch/iam-simulate, called only through its
// public `runSimulation` export; never a dependency of the product, never bundled, none of its code copied.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SIMULATE_VERSION = '0.1.173';

/** Installs the pinned version into the scratch folder when missing; returns the path of its ESM entry. */
export function installSimulate() {
  const dir = path.join(root, '.bench-scratch', 'iam-simulate');
  const entry = path.join(dir, 'node_modules', '@cloud-copilot', 'iam-simulate', 'package.json');
  if (!existsSync(entry) || JSON.parse(readFileSync(entry, 'utf8')).version !== SIMULATE_VERSION) {
    mkdirSync(dir, { recursive: true });
    if (!existsSync(path.join(dir, 'package.json')))
      writeFileSync(path.join(dir, 'package.json'), '{"name":"bench-scratch","private":true}\n');
    console.log(`installing @cloud-copilot/iam-simulate@${SIMULATE_VERSION} into ${dir} ...`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `@cloud-copilot/iam-simulate@${SIMULATE_VERSION}`],
      { cwd: dir, stdio: 'inherit' });
  }
  return path.join(dir, 'node_modules', '@cloud-copilot', 'iam-simulate', 'dist', 'esm', 'index.js');
}

const named = (list, prefix) => (list || []).map((p, i) =>
  p && p.policy && !p.Statement ? { name: p.name || `${prefix}-${i + 1}`, policy: p.policy } : { name: `${prefix}-${i + 1}`, policy: p });
const levels = (list, prefix) => {
  if (!list || list.length === 0) return [];
  if (list[0] && list[0].orgIdentifier) return list.map((l) => ({ orgIdentifier: l.orgIdentifier, policies: named(l.policies, prefix) }));
  return [{ orgIdentifier: 'r-root', policies: named(list, prefix) }];
};
const accountOf = (arn) => (arn && arn.startsWith('arn:') ? arn.split(':')[4] : '');

/**
 * A CONTRACT section 4 case as `runSimulation`'s input. `anonymousPrincipal`: iam-simulate's own value for
 * our `anonymous` caller (its export of that name), when the caller can be anonymous.
 */
export function toSimulation(c, anonymousPrincipal) {
  const r = c.request;
  const context = {};
  for (const [k, v] of Object.entries(r.context || {})) context[k] = Array.isArray(v) ? v.map(String) : String(v);
  return {
    request: {
      principal: r.principal === 'anonymous' && anonymousPrincipal ? anonymousPrincipal : r.principal,
      action: r.action,
      resource: { resource: r.resource, accountId: r.resourceAccount || accountOf(r.resource) || accountOf(r.principal) },
      contextVariables: context,
    },
    identityPolicies: named(c.identityPolicies, 'identity'),
    permissionBoundaryPolicies: c.permissionBoundaryPolicies ? named(c.permissionBoundaryPolicies, 'boundary') : undefined,
    sessionPolicy: c.sessionPolicy,
    serviceControlPolicies: levels(c.serviceControlPolicies, 'scp'),
    resourceControlPolicies: levels(c.resourceControlPolicies, 'rcp'),
    resourcePolicy: c.resourcePolicy,
  };
}

/** iam-simulate's `overallResult` in our decision words. */
export const SIM_DECISION = { Allowed: 'Allow', ExplicitlyDenied: 'ExplicitDeny', ImplicitlyDenied: 'ImplicitDeny' };
