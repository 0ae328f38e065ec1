import type { Reactions, ReactionsReply, WallEvent, WallPostView, WallReplyView } from "#schema/replies/social.ts";

/** How many posts a live wall keeps at most (the page loads 20; live posts are added on top). */
export const WALL_LIVE_MAX = 100;

/** What one event did to the list, so a view redraws only that post. */
export type WallChange = { kind: "added"; post: WallPostView; index: number } | { kind: "changed"; post: WallPostView } | { kind: "removed"; id: string };

/**
 * The posts a profile page shows, kept current by applying `wall:event`s (and the page's
 * own HTTP replies) instead of fetching the wall again. Pure (no DOM, no I/O), so the
 * unit tests and bench:wall run the very code the page runs. Every event is idempotent:
 * the writer's page sees its own write twice (HTTP reply, then the broadcast).
 */
export class WallList {
  #posts: WallPostView[];

  /** `posts` newest first, as GET /api/walls/:username/posts answers; `seeHidden` for moderators. */
  constructor(
    posts: readonly WallPostView[],
    private readonly seeHidden: boolean,
  ) {
    this.#posts = posts.map(copyPost);
  }

  get posts(): readonly WallPostView[] {
    return this.#posts;
  }

  apply(event: WallEvent): WallChange[] {
    switch (event.kind) {
      case "post":
        return this.#add(event.post);
      case "reply":
        return this.#changePost(event.postId, (p) => {
          if (p.replies.some((r) => r.id === event.reply.id)) return false;
          p.replies.push({ ...event.reply, reactions: { ...event.reply.reactions }, mine: [...(event.reply.mine ?? [])] });
          p.replyCount += 1;
          return true;
        });
      case "edit":
        return this.#changeItem(event.id, (item) => {
          item.text = event.text;
          item.editedAt = event.editedAt;
        });
      case "hide":
        return this.#changeItem(event.id, (item) => {
          item.hidden = true;
          if (!this.seeHidden) item.text = "";
        });
      case "react":
        // Counts only: the viewer's own `mine` stays as its own replies left it.
        return this.#changeItem(event.id, (item) => {
          item.reactions = { ...event.reactions } satisfies Reactions;
        });
      case "delete":
        return this.#remove(event.id);
    }
  }

  /**
   * The viewer's own reaction went through (the page's HTTP reply): counts and `mine`.
   * Broadcasts carry counts only (they go to everyone), so `apply` never touches `mine`.
   */
  reacted(id: string, reply: ReactionsReply): WallChange[] {
    return this.#changeItem(id, (item) => {
      item.reactions = { ...reply.reactions };
      item.mine = [...reply.mine];
    });
  }

  #add(post: WallPostView): WallChange[] {
    if (this.#posts.some((p) => p.id === post.id)) return [];
    // Newest first; a post created concurrently may arrive after a newer one.
    let index = this.#posts.findIndex((p) => p.createdAt < post.createdAt);
    if (index < 0) index = this.#posts.length;
    const added = copyPost(post);
    this.#posts.splice(index, 0, added);
    const changes: WallChange[] = [{ kind: "added", post: added, index }];
    for (const dropped of this.#posts.splice(WALL_LIVE_MAX)) changes.push({ kind: "removed", id: dropped.id });
    return changes;
  }

  #remove(id: string): WallChange[] {
    const at = this.#posts.findIndex((p) => p.id === id);
    if (at >= 0) {
      this.#posts.splice(at, 1);
      return [{ kind: "removed", id }];
    }
    return this.#changeParentOf(id, (p) => {
      p.replies = p.replies.filter((r) => r.id !== id);
      p.replyCount = Math.max(0, p.replyCount - 1);
    });
  }

  /** Changes a post or a reply (by id); the change reported is always its top-level post. */
  #changeItem(id: string, change: (item: WallPostView | WallReplyView) => void): WallChange[] {
    const post = this.#posts.find((p) => p.id === id);
    if (post) {
      change(post);
      return [{ kind: "changed", post }];
    }
    return this.#changeParentOf(id, (p) => {
      const reply = p.replies.find((r) => r.id === id);
      if (reply) change(reply);
    });
  }

  #changeParentOf(replyId: string, change: (post: WallPostView) => void): WallChange[] {
    const post = this.#posts.find((p) => p.replies.some((r) => r.id === replyId));
    if (!post) return [];
    change(post);
    return [{ kind: "changed", post }];
  }

  #changePost(postId: string, change: (post: WallPostView) => boolean): WallChange[] {
    const post = this.#posts.find((p) => p.id === postId);
    return post && change(post) ? [{ kind: "changed", post }] : [];
  }
}

function copyPost(p: WallPostView): WallPostView {
  return {
    ...p,
    reactions: { ...p.reactions },
    mine: [...(p.mine ?? [])],
    replies: p.replies.map((r) => ({ ...r, reactions: { ...r.reactions }, mine: [...(r.mine ?? [])] })),
  };
}
