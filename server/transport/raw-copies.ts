import type { Client } from "@colyseus/core";

const COPIES = Symbol("neospace.rawCopies");

/**
 * Marks a transport's client class whose `raw(bytes)` is done with the bytes when it
 * returns: uWS writes them to the socket or into its own buffer at once. The ws package
 * may keep a queued frame pointing at them until the socket drains, so bytes handed to a
 * ws client must not be overwritten afterwards.
 */
export function markRawCopies(clientClass: { prototype: object }): void {
  (clientClass.prototype as { [COPIES]?: boolean })[COPIES] = true;
}

/** Whether bytes may be reused as soon as `client.raw(bytes)` returns. */
export function rawCopies(client: Client): boolean {
  return (client as unknown as { [COPIES]?: boolean })[COPIES] === true;
}
