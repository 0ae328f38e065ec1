import { el } from "./text.ts";

/**
 * Overlays (a profile, the feed) sit over the world without leaving it. Each one's root
 * carries `data-overlay`; while focus is inside one, the world's keys pause. Escape or the
 * close button goes back to the world.
 */
export function overlayBar(label: string, onClose: () => void): HTMLElement {
  const bar = el("div", undefined, "overlay-bar");
  const close = el("button", "✕ Back to the world", "overlay-close");
  close.type = "button";
  close.dataset.action = "close-overlay";
  close.setAttribute("aria-label", `Close ${label} and go back to the world`);
  close.addEventListener("click", onClose);
  bar.append(close);
  return bar;
}

/** Wires Escape on an overlay root (once per root). */
export function closeOnEscape(root: HTMLElement, onClose: () => void): void {
  root.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    e.preventDefault();
    onClose();
  });
}

/** Moves focus into a freshly opened overlay (its close button), so the world's keys pause. */
export function focusOverlay(root: HTMLElement): void {
  root.querySelector<HTMLElement>(".overlay-close")?.focus({ preventScroll: true });
}

/** True while focus is inside an overlay or the avatar menu: the world's keys wait. */
export function overlayHasFocus(): boolean {
  const active = document.activeElement;
  return active instanceof HTMLElement && active.closest("[data-overlay]") !== null;
}
