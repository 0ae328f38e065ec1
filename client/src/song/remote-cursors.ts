import { Annotation, type Extension, RangeSetBuilder } from "@codemirror/state";
import { Decoration, type DecorationSet, EditorView, ViewPlugin, type ViewUpdate, WidgetType } from "@codemirror/view";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";

/**
 * The other editors' cursors with their names, from y-protocols awareness, in the same
 * awareness fields y-codemirror.next uses (`user: {name, color}`, `cursor: {anchor, head}`
 * as Y relative positions). y-codemirror.next's own remote-selection plugin builds its
 * carets with `style` attributes, which the app's CSP (`style-src 'self'`) refuses, so the
 * carets here are coloured through the CSSOM (`element.style`), which CSP allows.
 */
export interface CursorUser {
  name: string;
  color: string;
}

const awarenessChanged = Annotation.define<boolean>();

class CaretWidget extends WidgetType {
  constructor(
    readonly name: string,
    readonly color: string,
  ) {
    super();
  }
  override eq(other: CaretWidget): boolean {
    return other.name === this.name && other.color === this.color;
  }
  toDOM(): HTMLElement {
    const caret = document.createElement("span");
    caret.className = "cm-remote-caret";
    caret.style.borderLeftColor = this.color;
    const label = document.createElement("span");
    label.className = "cm-remote-name";
    label.textContent = this.name;
    label.style.backgroundColor = this.color;
    caret.append(label);
    return caret;
  }
  override ignoreEvent(): boolean {
    return true;
  }
}

export function remoteCursors(ytext: Y.Text, awareness: Awareness, user: CursorUser, publishOwn: boolean): Extension {
  const doc = ytext.doc as Y.Doc;
  awareness.setLocalStateField("user", user);
  const plugin = ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      /** Only others' changes redraw: our own cursor is set inside `update`, where dispatching is not allowed. */
      readonly #listener = (_changes: unknown, origin: unknown) => {
        if (origin !== "local") queueMicrotask(() => this.view.dispatch({ annotations: awarenessChanged.of(true) }));
      };
      constructor(readonly view: EditorView) {
        this.decorations = this.#build();
        awareness.on("change", this.#listener);
      }
      update(u: ViewUpdate): void {
        if (publishOwn && (u.selectionSet || u.docChanged || u.focusChanged) && u.view.hasFocus) {
          const sel = u.state.selection.main;
          awareness.setLocalStateField("cursor", {
            anchor: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(ytext, sel.anchor)),
            head: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(ytext, sel.head)),
          });
        }
        this.decorations = this.#build();
      }
      destroy(): void {
        awareness.off("change", this.#listener);
      }
      #build(): DecorationSet {
        const carets: Array<{ at: number; name: string; color: string }> = [];
        const length = this.view.state.doc.length;
        for (const [clientId, state] of awareness.getStates()) {
          if (clientId === awareness.clientID) continue;
          const head = state.cursor?.head;
          const who = state.user as CursorUser | undefined;
          if (!head || !who) continue;
          const abs = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(head), doc);
          if (!abs || abs.type !== ytext) continue;
          carets.push({ at: Math.min(abs.index, length), name: String(who.name), color: String(who.color) });
        }
        carets.sort((a, b) => a.at - b.at);
        const builder = new RangeSetBuilder<Decoration>();
        for (const c of carets) builder.add(c.at, c.at, Decoration.widget({ widget: new CaretWidget(c.name, c.color), side: 1 }));
        return builder.finish();
      }
    },
    { decorations: (p) => p.decorations },
  );
  return [plugin, CARET_THEME];
}

const CARET_THEME = EditorView.baseTheme({
  ".cm-remote-caret": { position: "relative", borderLeft: "2px solid", marginLeft: "-1px", marginRight: "-1px" },
  ".cm-remote-name": {
    position: "absolute",
    top: "-1.3em",
    left: "-2px",
    fontSize: "11px",
    lineHeight: "1.2",
    padding: "0 3px",
    color: "#0b0f1c",
    whiteSpace: "nowrap",
    borderRadius: "3px 3px 3px 0",
    pointerEvents: "none",
  },
});
