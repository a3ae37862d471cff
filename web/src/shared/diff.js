// Unified-diff helpers for the Fix pane: parse for display, apply to the editor text, and turn a hunk
// into a GitHub review suggestion.

/** Parses a unified diff into hunks: [{oldStart, oldCount, newStart, newCount, lines: [{op, text}]}]. */
export function parseUnifiedDiff(patch) {
  const hunks = [];
  let cur = null;
  const rawLines = String(patch || '').split('\n');
  if (rawLines[rawLines.length - 1] === '') rawLines.pop();
  for (const raw of rawLines) {
    const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(raw);
    if (m) {
      cur = { oldStart: +m[1], oldCount: m[2] === undefined ? 1 : +m[2], newStart: +m[3], newCount: m[4] === undefined ? 1 : +m[4], header: raw, lines: [] };
      hunks.push(cur);
      continue;
    }
    if (!cur || raw.startsWith('---') || raw.startsWith('+++')) continue;
    if (raw.startsWith('\\')) continue; // "\ No newline at end of file"
    const op = raw[0] === '+' ? '+' : raw[0] === '-' ? '-' : ' ';
    cur.lines.push({ op, text: raw.length ? raw.slice(1) : '' });
  }
  return hunks;
}

/** Applies the patch; returns the new text, or null when a hunk's old lines do not match. */
export function applyUnifiedDiff(text, patch) {
  const hunks = parseUnifiedDiff(patch);
  if (!hunks.length) return null;
  const endsWithNewline = text.endsWith('\n');
  const lines = text.split('\n');
  if (endsWithNewline) lines.pop();
  let offset = 0;
  for (const hk of hunks) {
    const oldLines = hk.lines.filter((l) => l.op !== '+').map((l) => l.text);
    const newLines = hk.lines.filter((l) => l.op !== '-').map((l) => l.text);
    let start = hk.oldStart - 1 + offset;
    if (hk.oldCount === 0) start += 1; // pure insertion after line oldStart
    if (!matches(lines, start, oldLines)) {
      // Tolerate small drift (the user edited above the hunk): search nearby.
      let found = -1;
      for (let d = 1; d < 50 && found < 0; d++) {
        if (matches(lines, start - d, oldLines)) found = start - d;
        else if (matches(lines, start + d, oldLines)) found = start + d;
      }
      if (found < 0) return null;
      start = found;
    }
    lines.splice(start, oldLines.length, ...newLines);
    offset += newLines.length - oldLines.length;
  }
  return lines.join('\n') + (endsWithNewline ? '\n' : '');
}

function matches(lines, start, oldLines) {
  if (start < 0 || start + oldLines.length > lines.length) return false;
  return oldLines.every((l, i) => lines[start + i] === l);
}

/** "5-9" (or "5" for one line): the lines of serverless.yml a reviewer selects for one suggestion. */
export function suggestionRange(s) { return s.from === s.to ? String(s.from) : `${s.from}-${s.to}`; }

const defaultLabel = (i, n, range) =>
  `Suggestion ${i} of ${n}: select ${range.includes('-') ? 'lines' : 'line'} ${range} of serverless.yml, then comment:`;

/** One hunk as a suggestion: the old lines it replaces (from..to, 1-based) and the fenced new lines. */
function hunkSuggestion(hk) {
  const oldLines = hk.lines.filter((l) => l.op !== '+');
  const newLines = hk.lines.filter((l) => l.op !== '-').map((l) => l.text);
  const from = hk.oldStart;
  const to = hk.oldStart + Math.max(oldLines.length - 1, 0);
  // The fence is longer than any backtick run in the lines, so they cannot close it early.
  const runs = newLines.join('\n').match(/`+/g) || [];
  const ticks = '`'.repeat(Math.max(3, ...runs.map((r) => r.length + 1)));
  return { from, to, text: `${ticks}suggestion\n${newLines.join('\n')}\n${ticks}\n` };
}

/**
 * GitHub "suggested changes" for every hunk of the patch. A suggestion replaces the lines the reviewer
 * selected, so each hunk needs its own review comment on its own lines: `hunks` holds each one's line
 * range (from..to of the old file) and block. `text` is the one block when there is one hunk, else
 * every block under a line naming the range to select. `from`/`to` are the first hunk's.
 */
export function githubSuggestion(patch, { label = defaultLabel } = {}) {
  const hunks = parseUnifiedDiff(patch).map(hunkSuggestion);
  if (!hunks.length) return null;
  const text = hunks.length === 1 ? hunks[0].text
    : hunks.map((s, i) => `${label(i + 1, hunks.length, suggestionRange(s))}\n\n${s.text}`).join('\n');
  return { from: hunks[0].from, to: hunks[0].to, hunks, text };
}
