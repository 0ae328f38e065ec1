/**
 * Binds a reconnection to a signed-in user. Colyseus runs onReconnect, not onAuth, on the
 * reconnect path, and its reconnection token is short; so the WebSocket upgrade that
 * carries a reconnection token must also carry a valid session, whose user we note here
 * under that token. The room's onReconnect then takes the note and compares users.
 */
export class ReconnectGrants {
  readonly #grants = new Map<string, { userId: string; sessionId: string; expires: number }>();
  /** Reconnection tokens of seats in this process's rooms → the seat owner's userId. */
  readonly #owners = new Map<string, string>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = 30_000,
  ) {}

  grant(reconnectionToken: string, userId: string, sessionId: string): void {
    this.#sweep();
    this.#grants.set(reconnectionToken, { userId, sessionId, expires: this.now() + this.ttlMs });
  }

  /** The user (and session) the upgrade proved, once; null when there was none or it expired. */
  take(reconnectionToken: string | undefined): { userId: string; sessionId: string } | null {
    if (!reconnectionToken) return null;
    const g = this.#grants.get(reconnectionToken);
    this.#grants.delete(reconnectionToken);
    return g && g.expires > this.now() ? { userId: g.userId, sessionId: g.sessionId } : null;
  }

  /**
   * A room notes who owns the seat behind a reconnection token (at join, and again after a
   * reconnection, which issues a new token). The upgrade policy refuses any other user
   * BEFORE the socket consumes the seat, so a stolen token cannot spend the owner's seat.
   */
  claim(reconnectionToken: string, userId: string): void {
    this.#owners.set(reconnectionToken, userId);
  }

  release(reconnectionToken: string): void {
    this.#owners.delete(reconnectionToken);
  }

  /** The owner of the seat behind this token, when the seat lives in this process. */
  ownerOf(reconnectionToken: string): string | undefined {
    return this.#owners.get(reconnectionToken);
  }

  #sweep(): void {
    if (this.#grants.size < 1_000) return;
    const now = this.now();
    for (const [k, g] of this.#grants) if (g.expires <= now) this.#grants.delete(k);
  }
}
