import type { Presence } from "@colyseus/core";
import type { CloseCode } from "#schema/protocol.ts";

/** The presence channel every room listens on for immediate kicks. */
export const KICK_CHANNEL = "neospace:kick";

export interface KickOrder {
  /** Kick every client of this user... */
  userId?: string;
  /** ...or only clients on these sessions. */
  sessionIds?: string[];
  closeCode: CloseCode;
  reason: string;
}

/** Pushes a kick to every room of every process (LocalPresence in one process, Redis across many). */
export interface Kicker {
  kick(order: KickOrder): void;
}

/** The part of Colyseus presence a kick needs; app.ts passes the server's presence in. */
export type KickPresence = Pick<Presence, "publish">;

export class PresenceKicker implements Kicker {
  constructor(
    private readonly presence: KickPresence | undefined,
    private readonly enabled: boolean,
  ) {}

  kick(order: KickOrder): void {
    if (!this.enabled) return;
    void this.presence?.publish(KICK_CHANNEL, order);
  }
}

export function isKickOrder(value: unknown): value is KickOrder {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<KickOrder>;
  return typeof v.closeCode === "number" && typeof v.reason === "string";
}
