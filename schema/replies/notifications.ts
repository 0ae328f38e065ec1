import { z } from "zod";

/** What happened, to whom it happened being the reader: someone wrote, answered, reacted, followed or forked their script. */
export const NotificationKind = z.enum(["wall-post", "reply", "reaction", "follow", "fork"]);
export type NotificationKind = z.infer<typeof NotificationKind>;

/** One notification as a client sees it; `wall` and `postId` say where clicking it goes. */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  /** Who did it. */
  actor: { username: string; displayName: string };
  /** Whose wall it happened on (the reader's own for posts; a reply may be on another wall). */
  wall: string | null;
  postId: string | null;
  /** The reader's script that was forked (`fork`). */
  scriptId: string | null;
  /** A short excerpt of the text, for posts and replies. */
  excerpt: string;
  createdAt: number;
  read: boolean;
}

export interface NotificationPage {
  notifications: NotificationView[];
  next: string | null;
  unread: number;
}

/** The `inbox:event` push: the reader's unread count, and the notification that changed it (if any). */
export interface InboxEvent {
  unread: number;
  notification: NotificationView | null;
}

/** One map's live head count (`GET /api/spaces/online`). */
export interface SpaceCount {
  map: string;
  people: number;
  rooms: number;
}

/** Someone the caller follows who holds a seat in a space now (`GET /api/me/friends-online`). */
export interface FriendOnline {
  username: string;
  displayName: string;
  map: string;
  roomId: string;
}
