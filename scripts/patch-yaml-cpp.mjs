#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Applies WhyDenied's speed patches to an unpacked yaml-cpp source tree (Debian's source package,
// scripts/yaml-cpp-source.sh), in place and idempotently:   node scripts/patch-yaml-cpp.mjs SRC_DIR
// Prints the patch id ("none" when the source does not have the expected text: the build then uses it
// unpatched, slower but the same answers). `--id` prints the id this script applies, patching nothing.
//
// Why: in yaml-cpp's scanner every character of a scalar runs three or four regex matchers (end of
// scalar, line break, document indicator, escape) through RegEx::MatchUnchecked's recursion; for the
// 100-function bench config that was a fifth of packaging time (perf, 2026-12-02). Most characters can
// begin none of those, so the patch takes runs of them directly. The answers do not change; the golden
// suites (YAML, serverless oracle, explain) run against the patched library.
import fs from 'node:fs';
import path from 'node:path';

export const PATCH_ID = 'wd-fast-scalar-4';
const MARK = `WhyDenied patch ${PATCH_ID}`;

const scalarLoop = {
  file: 'src/scanscalar.cpp',
  from: `    while (!params.end->Matches(INPUT) && !Exp::Break().Matches(INPUT)) {
      if (!INPUT) {
        break;
      }
`,
  to: `    while (true) {
      // ${MARK}:
      // a printable ASCII character other than : , ? [ ] { } ' " \\ # cannot begin an end of scalar
      // (block, flow or quoted), a line break, an escape or an escaped break, and '-' or '.' can begin a
      // document indicator only in column 0: a run of such characters is taken without running those
      // matchers, exactly as the loop below would take them one by one.
      for (char c = INPUT.peek(); c > ' ' && c < 0x7f && !std::strchr(":,?[]{}'\\"\\\\#", c) &&
                                  ((c != '-' && c != '.') || INPUT.column() != 0);
           c = INPUT.peek()) {
        foundNonEmptyLine = true;
        pastOpeningBreak = true;
        scalar += INPUT.get();
        lastNonWhitespaceChar = scalar.size();
      }
      if (params.end->Matches(INPUT) || Exp::Break().Matches(INPUT)) {
        break;
      }
      if (!INPUT) {
        break;
      }
`,
};

const includeCstring = { file: 'src/scanscalar.cpp', from: '#include <algorithm>\n', to: '#include <algorithm>\n#include <cstring>\n' };

// The token dispatcher tries a dozen matchers in turn before the plain scalar's; a letter or digit can
// begin nothing but a plain scalar (in block and flow context alike).
const plainScalarFirst = {
  file: 'src/scanner.cpp',
  from: `  if (!INPUT) {
    return EndStream();
  }
`,
  to: `  if (!INPUT) {
    return EndStream();
  }

  // ${MARK}: a letter or digit begins a plain scalar and nothing else.
  {
    const char c = INPUT.peek();
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return ScanPlainScalar();
    }
  }
`,
};
const edits = [scalarLoop, includeCstring, plainScalarFirst];

/** The patch id now in the tree, 'none' when the source is not the expected one, 'stale' when an older
 *  WhyDenied patch is in it (the caller unpacks the source again). */
export function patchTree(srcDir) {
  const files = new Map();
  for (const e of edits) if (!files.has(e.file)) files.set(e.file, fs.readFileSync(path.join(srcDir, e.file), 'utf8'));
  if (edits.every((e) => files.get(e.file).includes(e.to))) return PATCH_ID;
  if ([...files.values()].some((t) => t.includes('WhyDenied patch'))) return 'stale';
  if (!edits.every((e) => files.get(e.file).split(e.from).length === 2)) return 'none';
  for (const e of edits) files.set(e.file, files.get(e.file).replace(e.from, e.to));
  for (const [file, text] of files) fs.writeFileSync(path.join(srcDir, file), text);
  return PATCH_ID;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (dir === '--id') { console.log(PATCH_ID); process.exit(0); }
  if (!dir) { console.error('usage: patch-yaml-cpp.mjs SRC_DIR'); process.exit(2); }
  const id = patchTree(dir);
  console.log(id);
  process.exit(id === 'stale' ? 3 : 0);
}
