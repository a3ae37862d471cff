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

/**
 * A GitHub "suggested change" for the first hunk: the reviewer selects the hunk's old lines
 * (lines from..to of the file) and the suggestion replaces them with the new lines.
 */
export function githubSuggestion(patch) {
  const hk = parseUnifiedDiff(patch)[0];
  if (!hk) return null;
  const oldLines = hk.lines.filter((l) => l.op !== '+');
  const newLines = hk.lines.filter((l) => l.op !== '-').map((l) => l.text);
  const from = hk.oldStart;
  const to = hk.oldStart + Math.max(oldLines.length - 1, 0);
  // The fence is longer than any backtick run in the lines, so they cannot close it early.
  const runs = newLines.join('\n').match(/`+/g) || [];
  const ticks = '`'.repeat(Math.max(3, ...runs.map((r) => r.length + 1)));
  return { from, to, text: `${ticks}suggestion\n${newLines.join('\n')}\n${ticks}\n` };
}
