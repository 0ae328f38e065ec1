/**
 * Swaps a redrawn post in without dropping keyboard focus: if focus was on a control inside
 * the old element (a reaction, React, Delete), the same control in the new one takes it,
 * found by its data attributes within the same post or reply. Otherwise focus would fall
 * to the body, and the world behind the overlay would take the keys.
 */
export function replaceKeepingFocus(old: Element, fresh: HTMLElement): void {
  const active = document.activeElement;
  const target = active instanceof HTMLElement && old.contains(active) ? selectorFor(active) : null;
  old.replaceWith(fresh);
  if (!target) return;
  const scope = target.postId === (fresh.dataset.id ?? "") ? fresh : fresh.querySelector(`.post[data-id="${CSS.escape(target.postId)}"]`);
  const again = target.controls
    .map((c) => scope?.querySelector<HTMLElement>(`:scope > .reactions ${c}, :scope > .post-controls ${c}`))
    .find((e) => e && e.offsetParent !== null);
  (again ?? fresh).focus({ preventScroll: true });
}

/** Where focus should go back to, best first: a pick from the (now closed) picker goes to that kind's button, else to React. */
function selectorFor(el: HTMLElement): { postId: string; controls: string[] } | null {
  const post = el.closest<HTMLElement>(".post");
  if (!post) return null;
  const { reaction, action } = el.dataset;
  const controls = reaction
    ? [`.reaction[data-reaction="${CSS.escape(reaction)}"]:not([data-pick])`, `[data-action="react"]`]
    : action
      ? [`[data-action="${CSS.escape(action)}"]`]
      : [];
  return controls.length ? { postId: post.dataset.id ?? "", controls } : null;
}
