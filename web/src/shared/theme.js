import { getItem, setItem } from './storage.js';

export const THEMES = ['auto', 'light', 'dark'];
const media = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

export function themePref() {
  return document.documentElement.getAttribute('data-theme-pref') || getItem('wd.theme') || 'auto';
}

export function applyTheme(pref, persist = false) {
  if (!THEMES.includes(pref)) pref = 'auto';
  const dark = pref === 'dark' || (pref === 'auto' && media && media.matches);
  document.documentElement.setAttribute('data-theme', dark ? 'dark' : 'light');
  document.documentElement.setAttribute('data-theme-pref', pref);
  if (persist) setItem('wd.theme', pref);
  return dark ? 'dark' : 'light';
}

/** Re-applies "auto" when the OS switches. */
export function followSystemTheme(onChange) {
  if (!media) return;
  media.addEventListener('change', () => {
    if (themePref() === 'auto') { applyTheme('auto'); onChange && onChange(); }
  });
}
