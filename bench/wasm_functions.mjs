// SPDX-License-Identifier: MIT
// The function bodies of a WebAssembly module, by size, read from its code section. Printed by the bench
// because V8 compiles each function on its first call (lazily) in a time that grows faster than the
// function's size: one giant function can cost the page's first answer hundreds of milliseconds
// (docs/performance.md, "Where the time goes").
//   node bench/wasm_functions.mjs file.wasm [--top 5]

function leb(bytes, at) {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

/** Sizes in bytes of every function body, in module order. Throws on a file that is not WebAssembly. */
export function functionBodySizes(bytes) {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new Error('not a WebAssembly module');
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at++];
    let size;
    [size, at] = leb(bytes, at);
    if (id === 10) {  // code section: count, then (size, body) per function
      let count, p = at;
      [count, p] = leb(bytes, p);
      const sizes = [];
      for (let i = 0; i < count; i++) {
        let n;
        [n, p] = leb(bytes, p);
        sizes.push(n);
        p += n;
      }
      return sizes;
    }
    at += size;
  }
  return [];
}

/** {functions, codeBytes, largest: [bytes...]} for the report. */
export function functionSummary(bytes, top = 5) {
  const sizes = functionBodySizes(bytes);
  return { functions: sizes.length, codeBytes: sizes.reduce((a, b) => a + b, 0), largest: [...sizes].sort((a, b) => b - a).slice(0, top) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { readFileSync } = await import('node:fs');
  const args = process.argv.slice(2);
  const i = args.indexOf('--top');
  const s = functionSummary(readFileSync(args[0]), i >= 0 ? Number(args[i + 1]) : 5);
  console.log(`${s.functions} functions, ${s.codeBytes} bytes of code; largest bodies: ${s.largest.join(', ')} bytes`);
}
