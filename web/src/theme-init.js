// Runs synchronously in <head>, before first paint, so the page never flashes the wrong theme.
// Preference: "light" | "dark" | "auto" (default, follows the OS). Storage may throw in sandboxes.
(function () {
  var pref = 'auto';
  try { pref = window.localStorage.getItem('wd.theme') || 'auto'; } catch (e) { /* sandboxed */ }
  try {
    var m = /(?:^|[#&])theme=(light|dark|auto)/.exec(window.location.hash);
    if (m) pref = m[1];
  } catch (e) { /* ignore */ }
  var dark = pref === 'dark' || (pref === 'auto' && window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.setAttribute('data-theme', dark ? 'dark' : 'light');
  document.documentElement.setAttribute('data-theme-pref', pref);
})();
