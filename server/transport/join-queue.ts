import { type Client, ClientState } from "@colyseus/core";

/**
 * Keeps every connected client object in V8's fast shape.
 *
 * A transport's client holds `_enqueuedMessages`, the messages a room sends before the
 * client's join frame, and Colyseus ends the join with `delete client._enqueuedMessages`.
 * Deleting a property that is not the last one added turns an object into a hash table
 * in V8: about 830 bytes per client instead of under a hundred, on every client of every
 * room (heap snapshots at 2,000 idle connections). So the queue lives behind an accessor
 * on the client class's prototype: the constructor's assignment goes through the setter
 * into an ordinary property, Colyseus's delete finds no own property and changes nothing,
 * and `retireJoinQueue` (the frame screen calls it after each frame) sets the queue to
 * undefined once the client has joined, as Colyseus's later checks (`allowReconnection`
 * refuses a client whose queue is still there) expect.
 */
const QUEUE = "_enqueuedMessages";
const SLOT = "_queueUntilJoined";

type Queued = { [SLOT]?: unknown[] };

/** Installs the accessor on a transport's client class (idempotent). */
export function keepJoinQueueInShape(clientClass: { prototype: object }): void {
  const proto = clientClass.prototype;
  if (Object.getOwnPropertyDescriptor(proto, QUEUE)?.get) return;
  Object.defineProperty(proto, QUEUE, {
    configurable: true,
    get(this: Queued) {
      return this[SLOT];
    },
    set(this: Queued, queue: unknown[] | undefined) {
      this[SLOT] = queue;
    },
  });
}

/** Ends the join queue of a client that has joined (its messages were sent with the join). */
export function retireJoinQueue(client: Client): void {
  const queued = client as unknown as Queued;
  if (queued[SLOT] !== undefined && client.state === ClientState.JOINED) queued[SLOT] = undefined;
}
