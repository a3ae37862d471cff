// DEVELOPMENT STUB ONLY -- never shipped as the real engine.
// `node web/build.mjs --stub-engine` uses this when build-wasm/ does not exist yet, so the page can be
// worked on before the C++ engine lands. It follows the shapes of CONTRACT.md §2 with crude logic,
// reports engine "stub" and the page shows a warning banner. The page tests refuse to run on it.
export default async function createWhyDenied() {
  const parse = (x) => (typeof x === 'string' ? JSON.parse(x) : x);
  const explain = (input) => {
    input = parse(input);
    const diagnostics = [];
    const config = input.config || '';
    config.split('\n').forEach((l, i) => {
      const m = /:\s*\[[^\]]*$/.exec(l);
      if (m) diagnostics.push({ severity: 'error', code: 'WD1001', message: 'stub: unclosed flow sequence', file: 'config', line: i + 1, column: m.index + 3 });
    });
    const denials = [];
    (input.log || '').split('\n').forEach((l, i) => {
      const m = /User: (arn:\S+) is not authorized to perform: ([\w-]+:\w+)/.exec(l);
      if (!m) return;
      const ja = input.locale === 'ja';
      denials.push({
        line: i + 1, errorCode: 'AccessDenied', service: m[2].split(':')[0], operation: m[2].split(':')[1], action: m[2], resource: null,
        principal: { arn: m[1], type: 'assumed-role', accountId: m[1].split(':')[4], roleName: m[1].split('/')[1], sessionName: m[1].split('/')[2] },
        reason: 'unspecified', function: 'main', role: 'IamRoleLambdaExecution', decision: 'ImplicitDeny',
        trace: [{ kind: 'no-match', text: ja ? `${m[2]} に一致するステートメントはありません` : `no statement's action matches ${m[2]}` }],
        fix: { kind: 'add-statement', statement: { Effect: 'Allow', Action: [m[2]], Resource: ['*'] },
          patch: '--- a/serverless.yml\n+++ b/serverless.yml\n@@ -5,2 +5,8 @@\n   region: ap-northeast-1\n+  iam:\n+    role:\n+      statements:\n+        - Effect: Allow\n+          Action: [' + m[2] + ']\n+          Resource: "*"\n # No IAM statements: the framework\'s default role is used.\n', verified: true },
      });
    });
    return JSON.stringify({ schema: 'whydenied/explain@1', engine: 'stub', catalog: 'none', denials,
      roles: [{ logicalId: 'IamRoleLambdaExecution', roleName: 'stub-role', functions: ['main'], statements: [{ Effect: 'Allow', Action: ['logs:CreateLogStream'], Resource: ['*'], source: { kind: 'framework-default', line: null } }], managedPolicyArns: [], permissionsBoundary: null }],
      diagnostics });
  };
  return {
    explain,
    package: () => JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { IamRoleLambdaExecution: { Type: 'AWS::IAM::Role', Properties: {} } } }),
    evaluate: () => JSON.stringify({ decision: 'Error', diagnostics: [] }),
    parseLog: () => JSON.stringify({ denials: [] }),
    version: () => ({ engine: 'stub', catalog: 'none' }),
    loadCatalog: () => JSON.stringify({ ok: true }),
    loadManagedPolicies: () => JSON.stringify({ ok: true }),
  };
}
