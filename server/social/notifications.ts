import type { Presence } from "@colyseus/core";
import type { InboxEvent, NotificationKind, NotificationPage, NotificationView } from "#schema/replies/notifications.ts";
import type { Actor } from "../auth/types.ts";
import type { Logger } from "../core/logger.ts";
import { newId } from "../auth/tokens.ts";
import { checkOwnership } from "../core/ownership.ts";
import { Notifications } from "../store/collections.ts";
import { nextCursor, newestFirst, pageAfter, type PageCursor } from "../store/cursor.ts";
import type { Collection, DocStore } from "../store/types.ts";

/** Kept per user; older ones are dropped as new ones arrive, so a busy wall cannot grow a store without bound. */
export const NOTIFICATIONS_KEPT = 200;
export const NOTIFICATION_PAGE = 20;
const EXCERPT = 80;

/** Presence channel an inbox room listens on for one user's pushes. */
export const inboxChannel = (userId: string) => `neospace:inbox:${userId}`;

export interface NotificationDoc {
  _id: string;
  userId: string;
  kind: NotificationKind;
  actorId: string;
  actorUsername: string;
  actorName: string;
  /** Username of the wall it happened on. */
  wall: string | null;
  postId: string | null;
  scriptId?: string | null;
  excerpt: string;
  createdAt: number;
  read: boolean;
  [key: string]: unknown;
}

/** What a write reports: who did it to whom, and where. */
export interface NotificationEvent {
  to: string;
  kind: NotificationKind;
  actor: Pick<Actor, "userId" | "username" | "displayName">;
  wall?: string | null;
  postId?: string | null;
  scriptId?: string | null;
  text?: string;
}

/**
 * The reader's notifications: written after an already-budgeted action is stored (a post,
 * reply, reaction or follow), never to the one who acted, collapsed where a repeat says
 * nothing new (the same person reacting to the same post, following again), and bounded
 * to the newest NOTIFICATIONS_KEPT per user. Each write pushes the new unread count to the
 * reader's inbox room through presence.
 */
export class NotificationService {
  readonly #rows: Collection<NotificationDoc>;
  #last = 0;

  constructor(
    store: DocStore,
    private readonly presence: Pick<Presence, "publish"> | undefined,
    private readonly now: () => number,
    private readonly log?: Logger,
  ) {
    this.#rows = Notifications.in(store);
  }

  /** Never throws: a lost notification must not fail the write that caused it. */
  async record(event: NotificationEvent): Promise<void> {
    if (event.to === event.actor.userId) return;
    try {
      const doc = this.#doc(event);
      // Reactions and follows collapse onto one row per (reader, actor, target): toggling does not spam.
      const { _id, ...fields } = doc;
      await this.#rows.updateOne({ _id }, { $set: fields }, { upsert: true });
      await this.#trim(event.to);
      await this.#push(event.to, present(doc));
    } catch (err) {
      this.log?.warn({ err, kind: event.kind }, "a notification was not stored");
    }
  }

  async page(actor: Actor, before: PageCursor | undefined): Promise<NotificationPage> {
    const rows = await this.#rows.find(
      { userId: actor.userId, ...pageAfter("createdAt", before) },
      { sort: newestFirst("createdAt"), limit: NOTIFICATION_PAGE },
    );
    return {
      notifications: rows.map(present),
      next: nextCursor(rows, NOTIFICATION_PAGE, (n) => n.createdAt),
      unread: await this.unread(actor),
    };
  }

  unread(actor: Pick<Actor, "userId">): Promise<number> {
    return this.#rows.countDocuments({ userId: actor.userId, read: false });
  }

  /** One of one's own (404 for a missing id, 403 for someone else's), or all of them. */
  async markRead(actor: Actor, id: string | undefined): Promise<number> {
    if (id) {
      // Someone else's id answers exactly like a missing one: ids are not probed through this door.
      const found = await this.#rows.findOne({ _id: id });
      checkOwnership(actor, found && { ownerId: found.userId }, "notification");
      await this.#rows.updateOne({ _id: id, userId: actor.userId }, { $set: { read: true } });
    } else {
      await this.#rows.updateMany({ userId: actor.userId, read: false }, { $set: { read: true } });
    }
    const unread = await this.unread(actor);
    void this.presence?.publish(inboxChannel(actor.userId), { unread, notification: null } satisfies InboxEvent);
    return unread;
  }

  #doc(e: NotificationEvent): NotificationDoc {
    // A reaction per post, a follow, and forks of one script by one person collapse: repeats say nothing new.
    const collapsed = e.kind === "reaction" || e.kind === "follow" || e.kind === "fork";
    return {
      _id: collapsed ? `${e.to}:${e.kind}:${e.postId ?? e.scriptId ?? ""}:${e.actor.userId}` : newId(),
      userId: e.to,
      kind: e.kind,
      actorId: e.actor.userId,
      actorUsername: e.actor.username,
      actorName: e.actor.displayName,
      wall: e.wall ?? null,
      postId: e.postId ?? null,
      scriptId: e.scriptId ?? null,
      excerpt: (e.text ?? "").slice(0, EXCERPT),
      createdAt: this.#tick(),
      read: false,
    };
  }

  /** Drops what falls past the newest NOTIFICATIONS_KEPT (one indexed read of the boundary row). */
  async #trim(userId: string): Promise<void> {
    const [edge] = await this.#rows.find({ userId }, { sort: newestFirst("createdAt"), skip: NOTIFICATIONS_KEPT, limit: 1 });
    if (edge) await this.#rows.deleteMany({ userId, createdAt: { $lte: edge.createdAt } });
  }

  async #push(userId: string, notification: NotificationView): Promise<void> {
    const unread = await this.unread({ userId });
    void this.presence?.publish(inboxChannel(userId), { unread, notification } satisfies InboxEvent);
  }

  /** Strictly increasing per process, so the (createdAt, _id) cursor and the trim edge are exact. */
  #tick(): number {
    this.#last = Math.max(this.now(), this.#last + 1);
    return this.#last;
  }
}

function present(n: NotificationDoc): NotificationView {
  return {
    id: n._id,
    kind: n.kind,
    actor: { username: n.actorUsername, displayName: n.actorName },
    wall: n.wall,
    postId: n.postId,
    scriptId: n.scriptId ?? null,
    excerpt: n.excerpt,
    createdAt: n.createdAt,
    read: n.read,
  };
}
