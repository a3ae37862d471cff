// SPDX-License-Identifier: MIT
// Runs inside the Emscripten factory: attaches the public API (CONTRACT.md section 5) to the module
// object the factory resolves to. Inputs may be objects or JSON strings; answers are objects (the
// *Text variants return the engine's JSON text, byte for byte what the CLI prints without its final
// newline). Nothing here throws for bad input: the engine answers with diagnostics.
(function attachWhyDeniedApi(M) {
  function withBuffer(text, fn) {
    var len = lengthBytesUTF8(text);
    var ptr = _malloc(len + 1);
    try {
      stringToUTF8(text, ptr, len + 1);
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
  function callText(command, input) {
    var cmd = String(command);
    var cmdLen = lengthBytesUTF8(cmd);
    var cmdPtr = _malloc(cmdLen + 1);
    stringToUTF8(cmd, cmdPtr, cmdLen + 1);
    try {
      return withBuffer(toText(input), function (ptr, len) { return takeString(_wd_call(cmdPtr, ptr, len)); });
    } finally {
      _free(cmdPtr);
    }
  }
  function call(command, input) { return JSON.parse(callText(command, input)); }

  M.callText = callText;
  M.call = call;
  M.explain = function (input) { return call('explain', input); };
  M.package = function (input) { return call('package', input); };
  M.evaluate = function (input) { return call('evaluate', input); };
  // parseLog takes the log text itself (or {"log": text}).
  M.parseLog = function (text) { return call('parseLog', typeof text === 'string' ? JSON.stringify(text) : text); };
  M.version = function () { var v = call('version', {}); return { engine: v.engine, catalog: v.catalog }; };
  M.loadCatalog = function (text) {
    return JSON.parse(withBuffer(toText(text), function (p, n) { return takeString(_wd_load_catalog(p, n)); }));
  };
  M.loadManagedPolicies = function (text) {
    return JSON.parse(withBuffer(toText(text), function (p, n) { return takeString(_wd_load_managed_policies(p, n)); }));
  };
  M.render = function (command, answer, locale) {
    var a = toText(answer), c = String(command), l = String(locale || 'en');
    return withBuffer(c, function (cp) {
      return withBuffer(a, function (ap) {
        return withBuffer(l, function (lp) { return takeString(_wd_render(cp, ap, lp)); });
      });
    });
  };
})(Module);
