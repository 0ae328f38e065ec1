import Phaser from "phaser";

/**
 * Keeps Phaser's idea of where its canvas is in step with the page.
 *
 * Phaser measures the canvas when it boots, on a window resize and every 500 ms when the
 * parent's *size* changed; pointer coordinates go through that cached rectangle. When
 * something above the world changes height (the top bar wrapping differently because the
 * status line's text changed, one more nav link, a banner) the canvas moves or resizes
 * without a window resize, and for up to half a second, or for good when only its position
 * changed, a click lands where the canvas used to be (an avatar click then misses: WL3).
 *
 * Two listeners close both gaps:
 * - a ResizeObserver on the parent re-reads its size and refreshes the scale in the same
 *   frame the layout changed (drawing and hit areas follow at once);
 * - a capture-phase pointerdown on the parent re-reads the canvas rectangle before Phaser's
 *   own mouse/touch listeners on the canvas see the event, so even a pure shift, or a
 *   change in the same frame as the click, maps to the right place.
 * Both stop when the game is destroyed.
 */
export function followParentLayout(game: Phaser.Game, parent: HTMLElement): void {
  const scale = game.scale;
  const observer = new ResizeObserver(() => {
    scale.getParentBounds();
    scale.refresh();
  });
  observer.observe(parent);
  const remeasure = () => scale.updateBounds();
  parent.addEventListener("pointerdown", remeasure, { capture: true });
  game.events.once(Phaser.Core.Events.DESTROY, () => {
    observer.disconnect();
    parent.removeEventListener("pointerdown", remeasure, { capture: true });
  });
}
