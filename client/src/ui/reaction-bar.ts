import { REACTIONS, type ReactionKind } from "#schema/messages/social.ts";
import type { WallReplyView } from "#schema/replies/social.ts";
import { el } from "./text.ts";

/** How each reaction is drawn and read aloud. */
export const REACTION_LOOK: Record<ReactionKind, { emoji: string; word: string }> = {
  like: { emoji: "👍", word: "like" },
  love: { emoji: "❤️", word: "love" },
  laugh: { emoji: "😂", word: "laugh" },
  wow: { emoji: "😮", word: "wow" },
  sad: { emoji: "😢", word: "sad" },
};

export type ReactFn = (id: string, kind: ReactionKind, on: boolean) => void;

/**
 * Reactions under a post: only kinds someone used (count > 0), each a toggle whose
 * `aria-pressed` says whether it is the viewer's own (a click on one's own removes it),
 * plus one compact "React" button opening a picker of every kind. Signed out: the counts
 * only, as text.
 */
export function reactionBar(p: Pick<WallReplyView, "id" | "reactions" | "mine">, react: ReactFn | null): HTMLElement {
  const bar = el("div", undefined, "reactions");
  const mine = new Set(p.mine);
  for (const kind of REACTIONS) {
    const count = p.reactions[kind] ?? 0;
    if (count <= 0) continue;
    const { emoji, word } = REACTION_LOOK[kind];
    if (!react) {
      bar.append(Object.assign(el("span", `${emoji} ${count}`, "reaction-count"), { title: word }));
      continue;
    }
    bar.append(toggle(p.id, kind, `${emoji} ${count}`, `${word}, ${count}${mine.has(kind) ? ", yours: click to remove" : ""}`, mine.has(kind), react));
  }
  if (react) bar.append(picker(p.id, mine, react));
  return bar;
}

function toggle(id: string, kind: ReactionKind, text: string, label: string, pressed: boolean, react: ReactFn): HTMLButtonElement {
  const b = el("button", text, "reaction");
  b.type = "button";
  b.dataset.reaction = kind;
  b.setAttribute("aria-pressed", String(pressed));
  b.setAttribute("aria-label", label);
  b.addEventListener("click", () => {
    // One request per button: the redraw from the reply brings a fresh one. Not `disabled`,
    // which would throw keyboard focus to the page before the redraw can hand it back.
    if (b.getAttribute("aria-busy") === "true") return;
    b.setAttribute("aria-busy", "true");
    react(id, kind, !pressed);
  });
  return b;
}

/** "React" opens a row of every kind (the viewer's own pressed); a pick closes it. */
function picker(id: string, mine: Set<ReactionKind>, react: ReactFn): HTMLElement {
  const wrap = el("span", undefined, "reaction-picker");
  const open = el("button", "☺ React", "reaction-open");
  open.type = "button";
  open.dataset.action = "react";
  open.setAttribute("aria-expanded", "false");
  const menu = el("span", undefined, "reaction-menu");
  menu.hidden = true;
  menu.setAttribute("role", "group");
  menu.setAttribute("aria-label", "Pick a reaction");
  for (const kind of REACTIONS) {
    const { emoji, word } = REACTION_LOOK[kind];
    const b = toggle(id, kind, emoji, mine.has(kind) ? `${word}, yours: click to remove` : word, mine.has(kind), react);
    b.dataset.pick = kind;
    b.title = word;
    menu.append(b);
  }
  open.addEventListener("click", () => {
    menu.hidden = !menu.hidden;
    open.setAttribute("aria-expanded", String(!menu.hidden));
    if (!menu.hidden) menu.querySelector("button")?.focus();
  });
  menu.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    e.stopPropagation();
    menu.hidden = true;
    open.setAttribute("aria-expanded", "false");
    open.focus();
  });
  wrap.append(open, menu);
  return wrap;
}
