import { el } from "./text.ts";

/**
 * A button that asks before it acts: the first click swaps it for "Delete this post?
 * [Delete] [Cancel]" in place (no window.confirm: it blocks the page and cannot be styled
 * or tested); Cancel or Escape puts the button back.
 */
export function confirmButton(label: string, question: string, action: string, onConfirm: () => void): HTMLElement {
  const wrap = el("span", undefined, "confirm-inline");
  const ask = el("button", label);
  ask.type = "button";
  ask.dataset.action = action;
  const restore = () => {
    wrap.replaceChildren(ask);
    ask.focus();
  };
  ask.addEventListener("click", () => {
    const yes = el("button", label, "danger");
    yes.type = "button";
    yes.dataset.action = `confirm-${action}`;
    const no = el("button", "Cancel");
    no.type = "button";
    no.dataset.action = `cancel-${action}`;
    yes.addEventListener("click", () => {
      yes.disabled = true;
      onConfirm();
    });
    no.addEventListener("click", restore);
    const box = el("span", undefined, "confirm-box");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", question);
    box.addEventListener("keydown", (e) => {
      if (e.key !== "Escape") return;
      e.stopPropagation();
      restore();
    });
    box.append(el("span", question, "confirm-question"), yes, no);
    wrap.replaceChildren(box);
    no.focus();
  });
  wrap.append(ask);
  return wrap;
}
