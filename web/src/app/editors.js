// CodeMirror 6 editors: YAML highlighting for the config, plain text for the log, line numbers,
// inline diagnostics (lint) at line:column, and a "flash line" effect used when a result is clicked.
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection, Decoration, highlightSpecialChars } from '@codemirror/view';
import { EditorState, StateEffect, StateField, Compartment } from '@codemirror/state';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { syntaxHighlighting, HighlightStyle, bracketMatching, indentOnInput } from '@codemirror/language';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { tags } from '@lezer/highlight';
import { INVISIBLE_BMP, visibleText } from '../shared/unicode.js';
import { invisibleMark } from '../shared/dom.js';

// Bidi controls and invisible characters show in the editor as the same ⟨U+202E⟩ escape as in the
// panes (CodeMirror's own set misses some isolates, embeddings and zero-width joiners).
const specialChars = highlightSpecialChars({
  addSpecialChars: INVISIBLE_BMP,
  render: (code) => invisibleMark(String.fromCodePoint(code)),
});

// Colours come from CSS variables so the light/dark switch needs no editor reconfiguration.
const highlight = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--tok-key)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--tok-string)' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--tok-atom)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--tok-comment)', fontStyle: 'italic' },
  { tag: [tags.keyword, tags.typeName, tags.tagName, tags.labelName], color: 'var(--tok-keyword)' },
  { tag: [tags.punctuation, tags.separator, tags.squareBracket, tags.brace], color: 'var(--tok-punct)' },
  { tag: tags.invalid, color: 'var(--bad)' },
]);

const flashEffect = StateEffect.define();
const flashField = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(flashEffect)) {
        deco = e.value === null ? Decoration.none : Decoration.set([Decoration.line({ class: 'cm-flash-line' }).range(e.value)]);
      }
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

// Lines to mark permanently (the denial lines of the log).
const markEffect = StateEffect.define();
const markField = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) if (e.is(markEffect)) deco = Decoration.set(e.value.map((from) => Decoration.line({ class: 'cm-denial-line' }).range(from)));
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

const baseTheme = EditorView.theme({
  '&': { height: '100%', fontSize: '13px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.55' },
});

export function createEditor({ parent, doc, language, ariaLabel, onChange, extraKeys = [], selection }) {
  let cachedText = null;
  const langCompartment = new Compartment();
  const ariaCompartment = new Compartment();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightActiveLine(),
        drawSelection(),
        specialChars,
        history(),
        indentOnInput(),
        bracketMatching(),
        lintGutter(),
        syntaxHighlighting(highlight),
        langCompartment.of(language === 'yaml' ? yaml() : []),
        keymap.of([...extraKeys, ...historyKeymap, ...defaultKeymap]),
        ariaCompartment.of(EditorView.contentAttributes.of({ 'aria-label': ariaLabel, 'aria-multiline': 'true', tabindex: '0' })),
        EditorView.lineWrapping,
        flashField,
        markField,
        baseTheme,
        EditorView.updateListener.of((u) => { if (u.docChanged) { cachedText = null; if (onChange) onChange(); } }),
      ],
    }),
  });
  // Taking over from the plain editor while the user types in it: keep the caret and the focus.
  // Done after CodeMirror's first measure: a selection set earlier leaves wrapped-line heights
  // estimated (gutter out of line with the text).
  if (selection && selection.focused) {
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const len = view.state.doc.length;
      view.dispatch({ selection: { anchor: Math.min(selection.anchor, len), head: Math.min(selection.head, len) }, scrollIntoView: true });
      view.focus();
    }));
  }
  return {
    view,
    // One string per document version: a 10 MB log is not rebuilt on every keystroke in the other editor.
    get text() { if (cachedText === null) cachedText = view.state.doc.toString(); return cachedText; },
    setText(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    setAriaLabel(label) {
      view.dispatch({ effects: ariaCompartment.reconfigure(EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true', tabindex: '0' })) });
    },
    /** diagnostics: [{line, column, severity, message, code}] with 1-based line/column. */
    setDiagnostics(list) {
      const doc = view.state.doc;
      const cm = [];
      for (const d of list) {
        if (!d.line || d.line < 1) continue;
        const line = doc.line(Math.min(d.line, doc.lines));
        const from = Math.min(line.from + Math.max((d.column || 1) - 1, 0), line.to);
        const to = from < line.to ? Math.max(from + 1, endOfToken(line.text, from - line.from) + line.from) : from;
        cm.push({ from, to, severity: d.severity === 'info' ? 'info' : d.severity === 'warning' ? 'warning' : 'error', message: visibleText(`${d.code}: ${d.message}`), source: d.code });
      }
      view.dispatch(setDiagnostics(view.state, cm));
    },
    /** Marks 1-based lines (replacing earlier marks). */
    markLines(lineNos) {
      const doc = view.state.doc;
      const froms = [...new Set(lineNos.filter((n) => n >= 1 && n <= doc.lines))].sort((a, b) => a - b).map((n) => doc.line(n).from);
      view.dispatch({ effects: markEffect.of(froms) });
    },
    /** Selects and flashes a 1-based line (and optional column), scrolling it into view. */
    revealLine(lineNo, column) {
      const doc = view.state.doc;
      if (!lineNo || lineNo < 1) return;
      const line = doc.line(Math.min(lineNo, doc.lines));
      const pos = Math.min(line.from + Math.max((column || 1) - 1, 0), line.to);
      view.dispatch({ selection: { anchor: pos }, effects: [flashEffect.of(line.from), EditorView.scrollIntoView(pos, { y: 'center' })] });
      view.focus();
      setTimeout(() => view.dispatch({ effects: flashEffect.of(null) }), 1600);
    },
  };
}

function endOfToken(text, i) {
  let j = i;
  while (j < text.length && !/\s/.test(text[j])) j++;
  return j;
}
