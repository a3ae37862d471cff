// Redaction before sharing: replaces account ids and the names that identify a user's resources with
// stable placeholders. The same value always maps to the same placeholder in the config AND the log,
// so the redacted scenario still analyses to the same decision.
const RULES = [
  // 12-digit account ids (not part of a longer number)
  { kind: 'account', re: /(?<![0-9])[0-9]{12}(?![0-9])/g, group: 0 },
  // serverless service name: role and function names are derived from it
  { kind: 'service', re: /^service:\s*(?:name:\s*)?["']?([A-Za-z0-9][A-Za-z0-9._-]*)["']?\s*$/gm, group: 1 },
  { kind: 'role', re: /:(?:assumed-)?role\/(?:[\w+=,.@-]+\/)*?([\w+=,.@-]+?)(?=\/|\s|$|["',\]])/g, group: 1 },
  { kind: 'bucket', re: /arn:aws[\w-]*:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/g, group: 1 },
  { kind: 'bucket', re: /^\s*BucketName:\s*["']?([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])["']?\s*$/gm, group: 1 },
  { kind: 'table', re: /:table\/([A-Za-z0-9_.-]{3,255})/g, group: 1 },
  { kind: 'table', re: /^\s*TableName:\s*["']?([A-Za-z0-9_.-]{3,255})["']?\s*$/gm, group: 1 },
  // People: e-mail addresses (SSO session names are the user's address), then the session name of an
  // assumed role (for a Lambda it is the function name, which the service rule below keeps aligned)
  // and IAM user names.
  { kind: 'email', re: /(?<![\w.%+-])([A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g, group: 1 },
  { kind: 'session', re: /:assumed-role\/[\w+=,.@-]+\/([\w+=,.@-]+)/g, group: 1 },
  { kind: 'user', re: /:user\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)/g, group: 1 },
  // Queues: ARN, queue URL, QueueName.
  { kind: 'queue', re: /arn:aws[\w-]*:sqs:[a-z0-9-]*:[0-9]{12}:([A-Za-z0-9_-]{1,80}(?:\.fifo)?)/g, group: 1 },
  { kind: 'queue', re: /sqs\.[a-z0-9-]+\.amazonaws\.com\/[0-9]{12}\/([A-Za-z0-9_-]{1,80}(?:\.fifo)?)/g, group: 1 },
  { kind: 'queue', re: /^\s*QueueName:\s*["']?([A-Za-z0-9_-]{1,80}(?:\.fifo)?)["']?\s*$/gm, group: 1 },
  // Secrets: the name without Secrets Manager's random `-AbCdEf` suffix, so a grant on `name-*` or
  // `name-??????` still matches the redacted secret.
  { kind: 'secret', re: /:secret:([A-Za-z0-9/_+=.@-]+?)(?:-[A-Za-z0-9]{6})?(?=[^A-Za-z0-9/_+=.@-]|$)/g, group: 1 },
  // KMS key ids, request ids and any other UUID; multi-Region keys; request ids of other shapes.
  { kind: 'uuid', re: /(?<![0-9A-Za-z])([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?![0-9A-Za-z])/g, group: 1 },
  { kind: 'mrk', re: /key\/(mrk-[0-9a-f]{32})(?![0-9a-f])/g, group: 1 },
  { kind: 'request', re: /\b(?:RequestId|Request ID|request id|requestId|x-amz-request-id|Extended Request ID)[:=]\s*"?([A-Za-z0-9+/=-]{8,})/g, group: 1 },
];

const PLACEHOLDER = {
  account: (n) => String(100000000000 + n * 11111).padStart(12, '0').slice(0, 12),
  service: (n) => `my-service${n > 1 ? n : ''}`,
  role: (n) => `my-role-${n}`,
  bucket: (n) => `my-bucket-${n}`,
  table: (n) => `my-table-${n}`,
  email: (n) => `person-${n}@example.com`,
  session: (n) => `session-${n}`,
  user: (n) => `user-${n}`,
  queue: (n) => `my-queue-${n}`,
  secret: (n) => `my-secret-${n}`,
  uuid: (n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  mrk: (n) => `mrk-${String(n).padStart(32, '0')}`,
  request: (n) => `request-${n}`,
};

// Values that are not names: AWS's own words and placeholders the engine itself writes.
const NOT_A_NAME = /^(aws-service-role|service-role|\$LATEST|\*+)$/;

/** Builds the value -> placeholder map from all given texts. */
export function buildRedactionMap(texts) {
  const map = new Map();
  const counters = {};
  for (const rule of RULES) {
    for (const text of texts) {
      rule.re.lastIndex = 0;
      let m;
      while ((m = rule.re.exec(text))) {
        let value = m[rule.group];
        // A secret named in a wildcard grant (`prod/db-*`) is the same secret as `prod/db-AbCdEf`.
        if (rule.kind === 'secret') value = value.replace(/[-/]+$/, '');
        if (!value || map.has(value) || NOT_A_NAME.test(value)) continue;
        if (rule.kind === 'secret' && value.length < 3) continue;
        counters[rule.kind] = (counters[rule.kind] || 0) + 1;
        map.set(value, PLACEHOLDER[rule.kind](counters[rule.kind]));
      }
    }
  }
  // A secret under another's path (`prod/app` and `prod/app/db`) keeps that path in its placeholder,
  // so a grant on the parent path (`prod/app/*`) still covers it.
  const secrets = [...map].filter(([, ph]) => ph.startsWith('my-secret-')).map(([v]) => v).sort((a, b) => a.length - b.length);
  for (const v of secrets) {
    const parent = secrets.filter((p) => p !== v && v.startsWith(`${p}/`)).sort((a, b) => b.length - a.length)[0];
    if (parent) map.set(v, `${map.get(parent)}/${map.get(v)}`);
  }
  // A role name derived from the service name (`<service>-<stage>-<region>-lambdaRole`) is redacted
  // through the service rule instead, so the framework's naming still lines up after redaction.
  for (const [value] of [...map]) {
    for (const [svc, ph] of map) {
      if (ph.startsWith('my-service') && value !== svc && value.startsWith(svc + '-')) map.delete(value);
    }
  }
  return map;
}

/**
 * True when the occurrence of `value` at `i` is AWS's own vocabulary, not a user's name: a service
 * named `translate`, `sqs` or `s3` shares its spelling with the IAM service prefix, and rewriting the
 * prefix (`translate:TranslateText`, `arn:aws:s3:::`, `sqs.amazonaws.com`) changes what the scenario
 * means. Protected: the service field of an ARN (and its partition), an action or condition-key
 * prefix (`name:` followed by a letter or `*`), and a service principal or endpoint host.
 */
export function isAwsVocabulary(text, i, value) {
  if (/^[0-9]+$/.test(value)) return false; // account ids sit between colons in every ARN
  const before = text.slice(Math.max(0, i - 40), i);
  const after = text.slice(i + value.length, i + value.length + 16);
  if (/(?:^|[^A-Za-z0-9])arn:$/.test(before)) return true; // partition: arn:aws:
  if (/(?:^|[^A-Za-z0-9])arn:aws[a-z-]*:$/.test(before)) return true; // service: arn:aws:s3:::
  if (/^:[A-Za-z*]/.test(after) && !/[:/]$/.test(before)) return true; // translate:TranslateText, ${sqs:...}
  if (/^\.amazonaws\.com/i.test(after)) return true; // translate.amazonaws.com
  return false;
}

export function applyRedaction(text, map) {
  if (!map || map.size === 0 || !text) return text;
  // Longest values first so a value that contains another is replaced whole.
  const keys = [...map.keys()].sort((a, b) => b.length - a.length);
  let out = text;
  const isWordChar = (c) => c !== undefined && /[A-Za-z0-9]/.test(c);
  for (const k of keys) {
    let result = '';
    let from = 0;
    for (let i = out.indexOf(k); i !== -1; i = out.indexOf(k, i + k.length)) {
      // Only whole tokens: `app` must not be replaced inside `application`.
      if (isWordChar(out[i - 1]) || isWordChar(out[i + k.length])) continue;
      if (isAwsVocabulary(out, i, k)) continue;
      result += out.slice(from, i) + map.get(k);
      from = i + k.length;
    }
    out = result + out.slice(from);
  }
  return out;
}

export function redactScenario(config, log, files = {}) {
  const map = buildRedactionMap([config, log, ...Object.values(files || {})]);
  return { config: applyRedaction(config, map), log: applyRedaction(log, map), map };
}
