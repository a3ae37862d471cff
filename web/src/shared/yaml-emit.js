// A small JSON -> YAML emitter for showing CloudFormation and statements as YAML.
const PLAIN = /^[A-Za-z_/][A-Za-z0-9_ ./:*@${}()-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

function scalar(v, quote) {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v);
  if (s === '' || !PLAIN.test(s) || RESERVED.test(s) || /^\s|\s$|: | #/.test(s) || /^[0-9.+-]/.test(s)) {
    // Single quotes cannot escape a control character or a line break: those keep double quotes.
    if (quote === "'" && !/[\u0000-\u001f\u007f]/.test(s)) return `'${s.replace(/'/g, "''")}'`;
    return JSON.stringify(s);
  }
  return s;
}

/**
 * The quote a patch's added lines use for their quoted scalars ("'" or '"'), so a statement shown beside the
 * patch is written the way the patch writes it; null when the added lines quote nothing.
 */
export function quoteStyleOf(patch) {
  for (const line of String(patch || '').split('\n')) {
    if (!line.startsWith('+') || line.startsWith('+++')) continue;
    const m = /(?:^\+\s*-\s+|:\s+)(['"])/.exec(line);
    if (m) return m[1];
  }
  return null;
}

/** `options.quote`: "'" to single-quote the scalars that need quotes (default: double quotes). */
export function toYaml(value, indent = 0, options = {}) {
  const q = options.quote;
  const pad = '  '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return value.map((item) => {
      if (item && typeof item === 'object' && Object.keys(item).length) {
        const inner = toYaml(item, indent + 1, options);
        return `${pad}- ${inner.trimStart()}`;
      }
      return `${pad}- ${item && typeof item === 'object' ? (Array.isArray(item) ? '[]' : '{}') : scalar(item, q)}`;
    }).join('\n');
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) return '{}';
    return keys.map((k) => {
      const v = value[k];
      const key = scalar(k, q);
      if (v && typeof v === 'object' && (Array.isArray(v) ? v.length : Object.keys(v).length)) {
        return `${pad}${key}:\n${toYaml(v, indent + 1, options)}`;
      }
      return `${pad}${key}: ${v && typeof v === 'object' ? (Array.isArray(v) ? '[]' : '{}') : scalar(v, q)}`;
    }).join('\n');
  }
  return pad + scalar(value, q);
}
