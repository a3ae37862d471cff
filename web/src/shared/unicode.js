// Invisible and direction-changing characters (bidi overrides and isolates, zero-width characters,
// control characters, Unicode tag characters). Pasted into a config or a log, they can make a name
// read differently from what it is ("Trojan Source", CVE-2021-42574), or hide text. The page shows
// each one as a visible escape such as ⟨U+202E⟩ wherever it displays user or engine text; the copy
// buttons and share links keep the exact text.

// Tab, line feed and carriage return are ordinary text and stay as they are.
const BMP = '[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u00ad\\u061c\\u115f\\u1160\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\u3164\\ufeff\\ufff9-\\ufffb]';
/** The characters in the Basic Multilingual Plane (what the editor's special-character option takes). */
export const INVISIBLE_BMP = new RegExp(BMP);
/** All of them, including the tag characters U+E0000-U+E007F (as UTF-16 surrogate pairs). */
export const INVISIBLE = new RegExp(`${BMP}|\\udb40[\\udc00-\\udc7f]`, 'g');

const NAMES = {
  0x061c: 'ARABIC LETTER MARK', 0x200b: 'ZERO WIDTH SPACE', 0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER', 0x200e: 'LEFT-TO-RIGHT MARK', 0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING', 0x202b: 'RIGHT-TO-LEFT EMBEDDING', 0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE', 0x202e: 'RIGHT-TO-LEFT OVERRIDE', 0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE', 0x2067: 'RIGHT-TO-LEFT ISOLATE', 0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE', 0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
};

export function hasInvisible(text) {
  INVISIBLE.lastIndex = 0;
  return INVISIBLE.test(text);
}

/** `U+202E` for one character (a code point). */
export function codePointLabel(ch) {
  return `U+${ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

export function codePointName(ch) {
  const name = NAMES[ch.codePointAt(0)];
  return name ? `${codePointLabel(ch)} ${name}` : codePointLabel(ch);
}

/** The escape shown in place of an invisible character: ⟨U+202E⟩. */
export const escapeLabel = (ch) => `⟨${codePointLabel(ch)}⟩`;

/** The text with every invisible character replaced by its visible escape. */
export function visibleText(text) {
  return String(text).replace(INVISIBLE, escapeLabel);
}

/** Splits text into [{text}|{ch}] runs: ordinary text and single invisible characters. */
export function splitInvisible(text) {
  const s = String(text);
  const out = [];
  let last = 0;
  INVISIBLE.lastIndex = 0;
  for (let m = INVISIBLE.exec(s); m; m = INVISIBLE.exec(s)) {
    if (m.index > last) out.push({ text: s.slice(last, m.index) });
    out.push({ ch: m[0] });
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push({ text: s.slice(last) });
  return out;
}

/** Where the invisible characters are: [{line, column, ch}], 1-based, at most `max` of them, one per line. */
export function findInvisible(text, max = 20) {
  const out = [];
  String(text).split('\n').forEach((line, i) => {
    if (out.length >= max) return;
    INVISIBLE.lastIndex = 0;
    const m = INVISIBLE.exec(line);
    if (m) out.push({ line: i + 1, column: m.index + 1, ch: m[0] });
  });
  return out;
}
