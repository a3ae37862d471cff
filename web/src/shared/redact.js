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
];

const PLACEHOLDER = {
  account: (n) => String(100000000000 + n * 11111).padStart(12, '0').slice(0, 12),
  service: (n) => `my-service${n > 1 ? n : ''}`,
  role: (n) => `my-role-${n}`,
  bucket: (n) => `my-bucket-${n}`,
  table: (n) => `my-table-${n}`,
};

/** Builds the value -> placeholder map from all given texts. */
export function buildRedactionMap(texts) {
  const map = new Map();
  const counters = {};
  for (const rule of RULES) {
    for (const text of texts) {
      rule.re.lastIndex = 0;
      let m;
      while ((m = rule.re.exec(text))) {
        const value = m[rule.group];
        if (!value || map.has(value)) continue;
        if (rule.kind === 'role' && /^(aws-service-role|service-role)$/.test(value)) continue;
        counters[rule.kind] = (counters[rule.kind] || 0) + 1;
        map.set(value, PLACEHOLDER[rule.kind](counters[rule.kind]));
      }
    }
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

export function redactScenario(config, log) {
  const map = buildRedactionMap([config, log]);
  return { config: applyRedaction(config, map), log: applyRedaction(log, map), map };
}
