import { javascript } from "@codemirror/lang-javascript";
import { type Diagnostic, lintGutter, setDiagnostics } from "@codemirror/lint";
import { Compartment, EditorState } from "@codemirror/state";
import { basicSetup, EditorView } from "codemirror";
import type { SourcePosition } from "#schema/codeground/sandbox.ts";

/**
 * CodeMirror 6 in JavaScript mode, with line numbers and error markers. It lives in a
 * shadow root: CodeMirror's styles then go to the shadow root's adopted style sheets
 * (constructable sheets), which the app's `style-src 'self'` allows, instead of a
 * `<style>` element in the document's head, which it would block.
 */
export class CodeEditor {
  readonly #view: EditorView;
  readonly #changes = new Set<(source: string) => void>();
  readonly #access = new Compartment();
  /** True while `load` replaces the text: that is not an edit to save. */
  #loading = false;

  constructor(host: HTMLElement) {
    const shadow = host.shadowRoot ?? host.attachShadow({ mode: "open" });
    const parent = document.createElement("div");
    parent.className = "cm-host";
    shadow.replaceChildren(parent);
    this.#view = new EditorView({
      root: shadow,
      parent,
      state: EditorState.create({
        doc: "",
        extensions: [
          basicSetup,
          javascript(),
          lintGutter(),
          EditorView.theme(THEME, { dark: true }),
          this.#access.of(EditorState.readOnly.of(false)),
          EditorView.updateListener.of((u) => {
            if (u.docChanged && !this.#loading) for (const fn of this.#changes) fn(u.state.doc.toString());
          }),
          EditorView.contentAttributes.of({ "aria-label": "Script source" }),
        ],
      }),
    });
  }

  get source(): string {
    return this.#view.state.doc.toString();
  }

  /** Replaces the text without reporting it as an edit (loading a draft or a version). */
  load(source: string, readOnly: boolean): void {
    this.#loading = true;
    try {
      this.#view.dispatch({
        changes: { from: 0, to: this.#view.state.doc.length, insert: source },
        effects: this.#access.reconfigure(EditorState.readOnly.of(readOnly)),
      });
      this.#view.dispatch(setDiagnostics(this.#view.state, []));
    } finally {
      this.#loading = false;
    }
  }

  /** Types at the end (tests and the "insert example" action use it as an edit). */
  replaceAll(source: string): void {
    this.#view.dispatch({ changes: { from: 0, to: this.#view.state.doc.length, insert: source } });
  }

  onChange(fn: (source: string) => void): void {
    this.#changes.add(fn);
  }

  /** Marks the error the sandbox reported (1-based line and column of the user's source). */
  markError(message: string, at: SourcePosition | undefined): void {
    const doc = this.#view.state.doc;
    if (!at || at.line > doc.lines) {
      this.#view.dispatch(setDiagnostics(this.#view.state, []));
      return;
    }
    const line = doc.line(at.line);
    const from = Math.min(line.from + at.column - 1, line.to);
    const to = Math.max(from, line.to);
    const diagnostic: Diagnostic = { from, to, severity: "error", message };
    this.#view.dispatch(setDiagnostics(this.#view.state, [diagnostic]));
  }

  clearErrors(): void {
    this.#view.dispatch(setDiagnostics(this.#view.state, []));
  }

  destroy(): void {
    this.#view.destroy();
  }
}

const THEME = {
  "&": { height: "100%", fontSize: "13px", backgroundColor: "#0f1424", color: "#e6e9f2" },
  ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace" },
  ".cm-gutters": { backgroundColor: "#0b0f1c", color: "#7d86a3", border: "none" },
  ".cm-activeLine": { backgroundColor: "#ffffff0a" },
  ".cm-activeLineGutter": { backgroundColor: "#ffffff10" },
  "&.cm-focused .cm-cursor": { borderLeftColor: "#ffd166" },
  ".cm-content": { caretColor: "#ffd166" },
};
