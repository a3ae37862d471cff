// A lightweight stand-in for the CodeMirror editor, shown until CodeMirror (a lazy chunk) has loaded
// after the first answer. Same interface as editors.js, so the rest of the page does not care which
// one is mounted; the text, selection and scroll carry over when CodeMirror takes its place.
import { h } from '../shared/dom.js';

export function createPlainEditor({ parent, doc, ariaLabel, onChange }) {
  const ta = h('textarea', { class: 'plain-editor', spellcheck: 'false', autocapitalize: 'off', autocomplete: 'off', wrap: 'off', 'aria-label': ariaLabel });
  ta.value = doc;
  ta.addEventListener('input', () => onChange && onChange());
  parent.append(ta);
  const lineStart = (n) => {
    const lines = ta.value.split('\n');
    let pos = 0;
    for (let i = 0; i < Math.min(n - 1, lines.length - 1); i++) pos += lines[i].length + 1;
    return pos;
  };
  return {
    view: null,
    element: ta,
    get text() { return ta.value; },
    setText(text) { ta.value = text; onChange && onChange(); },
    setAriaLabel(label) { ta.setAttribute('aria-label', label); },
    markLines() {},
    setDiagnostics(list) { ta.classList.toggle('has-error', list.some((d) => d.severity === 'error')); },
    revealLine(lineNo, column) {
      if (!lineNo) return;
      const pos = lineStart(lineNo) + Math.max((column || 1) - 1, 0);
      ta.focus();
      ta.setSelectionRange(pos, pos);
    },
    selection() { return { anchor: ta.selectionStart, head: ta.selectionEnd, scrollTop: ta.scrollTop, focused: document.activeElement === ta }; },
    destroy() { ta.remove(); },
  };
}
