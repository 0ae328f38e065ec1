/**
 * Focus rules around the world: after a mouse or touch click on a control (a button, the
 * space picker, a slider) focus goes back to the page, so the next Enter opens chat instead
 * of pressing that button again and the arrows walk instead of changing the picker.
 * Keyboard users keep focus where they put it (a keyboard click has `detail === 0`).
 */
export function releaseFocusAfterPointer(root: HTMLElement): void {
  root.addEventListener("click", (e) => {
    const control = (e.target as HTMLElement | null)?.closest?.("button, a");
    if (e.detail > 0 && control instanceof HTMLElement && control === document.activeElement) control.blur();
  });
  // The slider last pressed with a pointer: only a change made by dragging it gives focus back.
  let pressed: EventTarget | null = null;
  root.addEventListener("pointerdown", (e) => {
    pressed = e.target;
  });
  root.addEventListener("keydown", () => {
    pressed = null;
  });
  root.addEventListener("change", (e) => {
    const control = e.target;
    const bySelect = control instanceof HTMLSelectElement;
    const bySlider = control instanceof HTMLInputElement && control.type === "range" && pressed === control;
    pressed = null;
    if ((bySelect || bySlider) && control === document.activeElement) control.blur();
  });
}

/** The map takes focus back when it is clicked or tapped (from the chat line, a panel, an overlay). */
export function focusOnPointer(target: HTMLElement): void {
  if (!target.hasAttribute("tabindex")) target.tabIndex = 0;
  target.addEventListener("pointerdown", () => {
    if (document.activeElement !== target) target.focus({ preventScroll: true });
  });
}
