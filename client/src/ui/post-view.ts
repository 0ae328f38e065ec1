import "./walls.css";
import { EDIT_WINDOW_MS, REPLIES_PER_POST_MAX, type ReactionKind } from "#schema/messages/social.ts";
import type { WallPostView, WallReplyView } from "#schema/replies/social.ts";
import { confirmButton } from "./confirm-inline.ts";
import { reactionBar } from "./reaction-bar.ts";
import { el, handle, richText } from "./text.ts";

export interface PostActions {
  react(id: string, kind: ReactionKind, on: boolean): void;
  reply(postId: string, text: string): void;
  edit(id: string, text: string): void;
  remove(id: string): void;
}

export interface Viewer {
  userId: string;
  wallOwnerId: string | null;
  isOwner: boolean;
}

/** What a post may carry besides its text: a script card when its `ref` names a script version. */
export type Attachment = (p: WallPostView) => HTMLElement | null;

/** One post (or reply): text as text, reactions, and the buttons this viewer may use. */
export function postView(
  p: WallPostView | WallReplyView,
  viewer: Viewer | null,
  actions: PostActions,
  isReply = false,
  attachment?: Attachment,
): HTMLElement {
  const box = el("article", undefined, isReply ? "post reply" : "post");
  box.dataset.id = p.id;
  const head = el("header", undefined, "post-head");
  const author = el("a", undefined, "post-author");
  author.href = `#/u/${encodeURIComponent(p.author)}`;
  author.append(el("strong", p.authorName), " ", handle(p.author));
  head.append(author, el("time", new Date(p.createdAt).toLocaleString()));
  if (p.editedAt) head.append(el("span", " (edited)", "muted"));
  const body = el("p", undefined, "post-text");
  if (p.hidden && !p.text) body.append(el("em", "Hidden by a moderator."));
  else body.append(...richText(p.text));
  box.append(head, body);
  const attached = !isReply && "ref" in p && !p.hidden ? attachment?.(p) : null;
  if (attached) box.append(attached);
  box.append(reactionBar(p, viewer ? actions.react : null));
  if (viewer) box.append(controls(p, viewer, actions, isReply));
  if (!isReply && "replies" in p) {
    const replies = el("div", undefined, "replies");
    for (const r of p.replies) replies.append(postView(r, viewer, actions, true));
    box.append(replies);
  }
  return box;
}

function controls(p: WallPostView | WallReplyView, viewer: Viewer, actions: PostActions, isReply: boolean): HTMLElement {
  const row = el("div", undefined, "post-controls");
  const isAuthor = p.authorId === viewer.userId;
  // A hidden post is frozen (the server refuses edits and replies): offer neither.
  if (isAuthor && !p.hidden && Date.now() - p.createdAt < EDIT_WINDOW_MS) {
    const edit = el("button", "Edit");
    edit.type = "button";
    edit.dataset.action = "edit";
    edit.addEventListener("click", () => {
      const text = window.prompt("Edit your post", p.text);
      if (text !== null && text.trim()) actions.edit(p.id, text);
    });
    row.append(edit);
  }
  if (isAuthor || viewer.isOwner) {
    row.append(confirmButton("Delete", isReply ? "Delete this reply?" : "Delete this post and its replies?", "delete", () => actions.remove(p.id)));
  }
  if (!isReply && !p.hidden && "replyCount" in p && p.replyCount >= REPLIES_PER_POST_MAX) {
    row.append(el("p", `${REPLIES_PER_POST_MAX} replies: this post takes no more.`, "muted"));
  } else if (!isReply && !p.hidden) {
    const form = el("form", undefined, "reply-form");
    const input = el("input");
    input.placeholder = "Reply…";
    input.setAttribute("aria-label", `Reply to ${p.authorName}`);
    input.maxLength = 1000;
    form.append(input, Object.assign(el("button", "Reply"), { type: "submit" }));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (input.value.trim()) actions.reply(p.id, input.value);
      input.value = "";
    });
    row.append(form);
  }
  return row;
}
