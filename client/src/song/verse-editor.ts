import { Compartment, EditorState } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { minimalSetup } from "codemirror";
import { yCollab, yUndoManagerKeymap } from "y-codemirror.next";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { type CursorUser, remoteCursors } from "./remote-cursors.ts";

/**
 * One Verse's prose in CodeMirror 6, bound to its Y.Text with y-codemirror.next (sync and
 * undo; remote cursors come from remote-cursors.ts). Mounted in a shadow root like the
 * Codeground's editor: CodeMirror's styles become adopted sheets, which the CSP allows.
 */
export class VerseEditor {
  #view: EditorView | null = null;
  readonly #parent: HTMLElement;
  readonly #access = new Compartment();

  constructor(host: HTMLElement) {
    const shadow = host.shadowRoot ?? host.attachShadow({ mode: "open" });
    this.#parent = document.createElement("div");
    this.#parent.className = "cm-host";
    shadow.replaceChildren(this.#parent);
  }

  /** Shows `text`; a viewer's editor refuses every edit (read-only and not editable). */
  bind(text: Y.Text, awareness: Awareness, user: CursorUser, readOnly: boolean): void {
    this.#view?.destroy();
    this.#view = new EditorView({
      root: this.#parent.getRootNode() as ShadowRoot,
      parent: this.#parent,
      state: EditorState.create({
        doc: text.toString(),
        extensions: [
          minimalSetup,
          EditorView.lineWrapping,
          keymap.of(yUndoManagerKeymap),
          yCollab(text, null),
          remoteCursors(text, awareness, user, !readOnly),
          this.#access.of([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
          EditorView.theme(THEME, { dark: true }),
          EditorView.contentAttributes.of({ "aria-label": "Verse prose" }),
        ],
      }),
    });
  }

  setReadOnly(readOnly: boolean): void {
    this.#view?.dispatch({ effects: this.#access.reconfigure([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]) });
  }

  unbind(): void {
    this.#view?.destroy();
    this.#view = null;
  }
}

const THEME = {
  "&": { minHeight: "180px", fontSize: "15px", backgroundColor: "#0f1424", color: "#e6e9f2" },
  ".cm-content": { caretColor: "#ffd166", fontFamily: "Georgia, 'Times New Roman', serif", padding: "18px 8px 8px" },
  "&.cm-focused .cm-cursor": { borderLeftColor: "#ffd166" },
  ".cm-scroller": { lineHeight: "1.6" },
};
