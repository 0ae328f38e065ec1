import type { FriendOnline, NotificationPage, SpaceCount } from "#schema/replies/notifications.ts";
import { call } from "./auth-api.ts";

/** Notifications and who is online over HTTP; marking read carries the session's CSRF token. */
export class LiveApi {
  constructor(private readonly csrf: () => string | undefined) {}

  notifications(before?: string): Promise<NotificationPage> {
    return call("GET", `/api/me/notifications${before ? `?before=${encodeURIComponent(before)}` : ""}`);
  }
  /** One by id, or all of the caller's without one; answers the new unread count. */
  markRead(id?: string): Promise<{ unread: number }> {
    return call("POST", "/api/me/notifications/read", id ? { id } : {}, this.csrf());
  }
  spaces(): Promise<{ spaces: SpaceCount[] }> {
    return call("GET", "/api/spaces/online");
  }
  friendsOnline(): Promise<{ friends: FriendOnline[] }> {
    return call("GET", "/api/me/friends-online");
  }
}
