import type { Client } from "@colyseus/core";
import { CloseCode } from "#schema/protocol.ts";
import { isKickOrder, type KickOrder } from "../auth/kicker.ts";
import type { SessionService } from "../auth/sessions.ts";
import { type Actor, roleRank } from "../auth/types.ts";
import type { Logger } from "../core/logger.ts";
import { actorOfClient } from "./room-auth.ts";

/** What a re-auth round decided for one client. */
export interface Eviction {
  client: Client;
  closeCode: number;
  reason: string;
}

/**
 * One re-auth round for a room: a single batched query for all its clients' sessions,
 * then the clients whose session is revoked, expired, banned or demoted.
 */
export async function reauthRound(clients: Iterable<Client>, sessions: SessionService): Promise<Eviction[]> {
  const list = [...clients].filter((c) => actorOfClient(c));
  if (list.length === 0) return [];
  const verdicts = await sessions.verdicts(list.map((c) => actorOfClient(c)?.sessionId as string));
  const evictions: Eviction[] = [];
  for (const client of list) {
    const actor = actorOfClient(client) as Actor;
    const v = verdicts.get(actor.sessionId);
    if (!v) continue;
    if (!v.verdict.ok) {
      evictions.push({ client, closeCode: v.verdict.closeCode, reason: `session ${v.verdict.reason}` });
    } else if (v.role && roleRank(v.role) < roleRank(actor.role)) {
      evictions.push({ client, closeCode: CloseCode.ROLE_CHANGED, reason: `role is now ${v.role}` });
    }
  }
  return evictions;
}

/** The clients a pushed kick order names. */
export function clientsNamedBy(order: unknown, clients: Iterable<Client>, log: Logger): Eviction[] {
  if (!isKickOrder(order)) {
    log.warn({ order }, "ignoring malformed kick order");
    return [];
  }
  const o: KickOrder = order;
  const sessionIds = new Set(o.sessionIds ?? []);
  return [...clients]
    .filter((c) => {
      const a = actorOfClient(c);
      return a && ((o.userId && a.userId === o.userId) || sessionIds.has(a.sessionId));
    })
    .map((client) => ({ client, closeCode: o.closeCode, reason: o.reason }));
}
