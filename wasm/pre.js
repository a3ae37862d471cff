// SPDX-License-Identifier: MIT
// Emscripten 3.1.6 emits, for Node, `scriptDirectory = __dirname + "/"`: a CommonJS global that an ES
// module does not have. Declaring it here (inside the factory) keeps the module loadable in Node; the
// loader then needs the bytes passed as `wasmBinary` (Node's fetch cannot read a file path anyway).
var __dirname = '';
