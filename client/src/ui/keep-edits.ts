/**
 * Rebuilding a form from shared state (another author's op arrives) must not throw away
 * what this person is typing. Fields the person changed carry `data-dirty`; a rebuild
 * copies their values, and the focus and caret, onto the fields with the same key in the
 * new form. A field's key is its `name` plus the ids of the blocks around it
 * (`data-key` on an ancestor), so two choices' "label" fields never trade values.
 */
type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

const isField = (n: EventTarget | null): n is Field =>
  n instanceof HTMLInputElement || n instanceof HTMLTextAreaElement || n instanceof HTMLSelectElement;

function keyOf(field: Field, root: HTMLElement): string {
  const parts = [field.name];
  for (let n = field.parentElement; n && n !== root; n = n.parentElement) if (n.dataset.key) parts.push(n.dataset.key);
  return parts.reverse().join("/");
}

/** Marks fields under `root` as the person's own edits as soon as they change. */
export function trackEdits(root: HTMLElement): void {
  const mark = (e: Event) => {
    if (isField(e.target) && e.target.name) e.target.dataset.dirty = "1";
  };
  root.addEventListener("input", mark);
  root.addEventListener("change", mark);
}

/** Forgets the edits in and under `scope` (after they were saved: the state now holds them). */
export function clearEdits(scope: HTMLElement): void {
  delete scope.dataset.dirty;
  for (const f of scope.querySelectorAll<HTMLElement>("[data-dirty]")) delete f.dataset.dirty;
}

/** Replaces `root`'s children with `next`, carrying the person's unsaved edits and focus over. */
export function replaceKeepingEdits(root: HTMLElement, next: HTMLElement[]): void {
  const edits = new Map<string, { value: string; checked: boolean }>();
  for (const f of root.querySelectorAll<Field>("[data-dirty]")) {
    edits.set(keyOf(f, root), { value: f.value, checked: f instanceof HTMLInputElement && f.checked });
  }
  const active = document.activeElement;
  const focus = isField(active) && root.contains(active) ? { key: keyOf(active, root), ...caretOf(active) } : null;
  root.replaceChildren(...next);
  for (const f of root.querySelectorAll<Field>("input[name], textarea[name], select[name]")) {
    const key = keyOf(f, root);
    const edit = edits.get(key);
    if (edit) {
      if (f instanceof HTMLInputElement && (f.type === "checkbox" || f.type === "radio")) f.checked = edit.checked;
      else f.value = edit.value;
      f.dataset.dirty = "1";
    }
    if (focus?.key === key) {
      f.focus({ preventScroll: true });
      if (focus.start !== null && "setSelectionRange" in f && !(f instanceof HTMLSelectElement)) {
        try {
          f.setSelectionRange(focus.start, focus.end);
        } catch {
          // inputs such as checkboxes have no caret
        }
      }
    }
  }
}

function caretOf(f: Field): { start: number | null; end: number | null } {
  if (f instanceof HTMLSelectElement) return { start: null, end: null };
  try {
    return { start: f.selectionStart, end: f.selectionEnd };
  } catch {
    return { start: null, end: null };
  }
}
