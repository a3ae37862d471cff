// SPDX-License-Identifier: MIT
// Runs inside the Emscripten factory: attaches the public API (CONTRACT.md section 5) to the module
// object the factory resolves to. Inputs may be objects or JSON strings; answers are objects (the
// *Text variants return the engine's JSON text, byte for byte what the CLI prints without its final
// newline). Nothing here throws for bad input: the engine answers with diagnostics.
(function attachWhyDeniedApi(M) {
  // Issue 8: the heap is capped (1 GB); an input too large to copy in gets WD9005, never a write
  // through a null pointer.
  var OOM_DIAGNOSTIC = { severity: 'error', code: 'WD9005', file: 'request', line: null, column: null,
    message: 'out of memory: the input is too large to analyse here (the engine may use at most 1 GB)',
    args: { limitBytes: 1073741824 } };
  function OutOfMemory() {}
  // Copies text into the heap as UTF-8 (NUL-terminated) for the duration of fn(ptr, byteLength).
  // TextEncoder.encodeInto is native code; Emscripten's stringToUTF8 is a JavaScript loop that took a
  // sixth of a small evaluate() call. A short text gets the 3-bytes-per-unit upper bound at once; a long
  // one is measured first so a 64 MB log does not reserve 192 MB.
  var encoder = typeof TextEncoder === 'function' ? new TextEncoder() : null;
  function withBuffer(text, fn) {
    var cap = encoder && text.length < 1048576 ? text.length * 3 + 1 : lengthBytesUTF8(text) + 1;
    var ptr = _malloc(cap);
    if (!ptr) throw new OutOfMemory();
    try {
      var len;
      if (encoder) {
        len = encoder.encodeInto(text, HEAPU8.subarray(ptr, ptr + cap - 1)).written;
        HEAPU8[ptr + len] = 0;
      } else {
        len = stringToUTF8(text, ptr, cap);
      }
      return fn(ptr, len);
    } finally {
      _free(ptr);
    }
  }
  function takeString(ptr) {
    if (!ptr) return '';
    try { return UTF8ToString(ptr); } finally { _wd_free(ptr); }
  }
  function toText(input) {
    if (typeof input === 'string') return input;
    try { return JSON.stringify(input === undefined ? {} : input); } catch (e) { return '{'; }
  }
  function oomText(asArray) {
    return asArray ? JSON.stringify([OOM_DIAGNOSTIC])
      : JSON.stringify({ schema: 'whydenied/error@1', diagnostics: [OOM_DIAGNOSTIC] }, null, 2);
  }
  // A long pasted log goes to the engine as raw text beside the rest of the request, not inside it as a
  // JSON string: lexing megabytes of string escapes in WebAssembly cost about a quarter of a large
  // parse. Same answer either way (engine::call_text_with_log).
  var LOG_APART_CHARS = 65536;
  function logApart(input) {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) return null;
    if (typeof input.log !== 'string' || input.log.length < LOG_APART_CHARS) return null;
    var rest = {};
    Object.keys(input).forEach(function (k) { if (k !== 'log') rest[k] = input[k]; });
    return { rest: toText(rest), log: input.log };
  }
  function callText(command, input) {
    try {
      return withBuffer(String(command), function (cmdPtr) {
        var apart = logApart(input);
        if (apart) {
          return withBuffer(apart.rest, function (ptr, len) {
            return withBuffer(apart.log, function (logPtr, logLen) {
              return takeString(_wd_call_with_log(cmdPtr, ptr, len, logPtr, logLen));
            });
          });
        }
        return withBuffer(toText(input), function (ptr, len) { return takeString(_wd_call(cmdPtr, ptr, len)); });
      });
    } catch (e) {
      if (e instanceof OutOfMemory) return oomText(false);
      throw e;
    }
  }
  function loadText(fnPtr, text) {
    try {
      return JSON.parse(withBuffer(toText(text), function (p, n) { return takeString(fnPtr(p, n)); }));
    } catch (e) {
      if (e instanceof OutOfMemory) return JSON.parse(oomText(true));
      throw e;
    }
  }
  function call(command, input) { return JSON.parse(callText(command, input)); }

  M.callText = callText;
  M.call = call;
  M.explain = function (input) { return call('explain', input); };
  M.package = function (input) { return call('package', input); };
  M.evaluate = function (input) { return call('evaluate', input); };
  // parseLog takes the log text itself (or {"log": text}).
  M.parseLog = function (text) { return call('parseLog', typeof text === 'string' ? { log: text } : text); };
  M.version = function () { var v = call('version', {}); return { engine: v.engine, catalog: v.catalog }; };
  M.loadCatalog = function (text) { return loadText(_wd_load_catalog, text); };
  M.loadManagedPolicies = function (text) { return loadText(_wd_load_managed_policies, text); };
  // Test hook (tests/wasm/limits.test.mjs): allocates `bytes` inside the engine's out-of-memory guard.
  M.testAllocate = function (bytes) { return JSON.parse(takeString(_wd_test_allocate(bytes >>> 0))); };
  M.heapBytes = function () { return HEAP8.buffer.byteLength; };
  M.render = function (command, answer, locale) {
    var a = toText(answer), c = String(command), l = String(locale || 'en');
    return withBuffer(c, function (cp) {
      return withBuffer(a, function (ap) {
        return withBuffer(l, function (lp) { return takeString(_wd_render(cp, ap, lp)); });
      });
    });
  };
  var renderText = M.render;
  M.render = function (command, answer, locale) {
    try { return renderText(command, answer, locale); } catch (e) { if (e instanceof OutOfMemory) return ''; throw e; }
  };
})(Module);
