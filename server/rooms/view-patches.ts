import { type Client, ClientState, Protocol, SchemaSerializer } from "@colyseus/core";
import { $changes, type ChangeTree, Encoder, type Iterator, type StateView } from "@colyseus/schema";
import { rawCopies } from "../transport/raw-copies.ts";

type Queue = Encoder["root"]["changes"];
type QueueNode = NonNullable<Queue["next"]>;
type StockEncode = Encoder["encode"];

/** Which leaves each view may hold (a superset is fine), by key. */
export interface ViewLeaves {
  /** The keys of the leaves `view` may hold; undefined when the view is not one of ours. */
  keysOf(view: StateView): Iterable<string> | undefined;
  /** The leaf instance of a key, if it still exists. */
  leaf(key: string): object | undefined;
}

/**
 * Makes the per-view half of one room's patch cost what each view sees, not what changed.
 *
 * Colyseus encodes a patch once for everyone, then once per StateView: each per-view
 * encode walks the whole change queue, asks the view about every changed tree, and encodes
 * the visible ones again for this view. In one space of 500 walking people that is 500
 * views × 500 changed avatars asked about, and each avatar encoded once per viewer (about
 * 45 times at a 480 px radius) though its bytes are the same for all (issue 13, scenario B).
 *
 * Here a view's encode walks only the queue's other trees (the roster, the room mood, the
 * filtered map itself: everything that is not a leaf), in their order, through the stock
 * walk; then, for each changed leaf the view holds (`leaves`, e.g. the avatars the
 * interest grid gives it) and still passes the view's visibility test, it appends that
 * leaf's patch bytes, encoded once per patch and copied for every view that sees it.
 *
 * What a leaf must be (`isLeaf`): a tree with primitive fields only, filtered as a whole
 * (its visibility comes from the view holding it), so its patch bytes do not depend on
 * which view encodes them; and `leaves` must list it for every view that can see it.
 * Leaves have no children, so appending them after the other trees keeps every parent
 * before its children, which is all the decoder needs.
 *
 * Colyseus builds the Encoder when the room's state is set, so this wraps that instance's
 * `encode` and `discardChanges` rather than subclassing (a second Encoder on the same state
 * would re-root it and collide reference ids).
 */
export function scopeViewPasses(encoder: Encoder, isLeaf: (tree: ChangeTree) => boolean, leaves: ViewLeaves): void {
  const scope = new ViewPassScope(encoder, encoder.encode.bind(encoder), isLeaf, leaves);
  const discardChanges = encoder.discardChanges.bind(encoder);
  encoder.encode = (it?: Iterator, view?: StateView, buffer?: Uint8Array, initialOffset?: number) =>
    scope.encode(it, view, buffer, initialOffset);
  encoder.discardChanges = () => {
    scope.forget();
    discardChanges();
  };
}

/** What of Colyseus's SchemaSerializer the patch below uses (some of it protected there). */
interface PatchingSerializer {
  encoder: Encoder;
  hasFilters: boolean;
  needFullEncode: boolean;
  applyPatches(clients: Client[], state?: unknown, timing?: unknown): boolean;
}

/**
 * The room's serializer (Colyseus keeps it to itself). Throws when the room has none, so a
 * change of Colyseus internals fails loudly at room creation, not quietly at a patch.
 */
function serializerOf(room: object): PatchingSerializer {
  const serializer = (room as { _serializer?: unknown })._serializer;
  const encoder = (serializer as { encoder?: unknown } | undefined)?.encoder;
  if (!(serializer instanceof SchemaSerializer) || !(encoder instanceof Encoder)) {
    throw new Error("the room's state has no @colyseus/schema serializer");
  }
  return serializer as unknown as PatchingSerializer;
}

/** The Encoder Colyseus made for a room's state. */
export function encoderOf(room: object): Encoder {
  return serializerOf(room).encoder;
}

/**
 * Sends each client's patch frame as soon as it is encoded. Colyseus's filtered patch keeps
 * every frame in a map until the last client's is made (so clients sharing one StateView
 * share an encode); in a crowd that is 500 frames held through a patch, which the
 * scavenges during it promoted, and collecting them from the old generation stalled later
 * patches. A room may use this only when no two clients share a view (SpaceViews gives
 * each its own); rooms with input timing, and patches without changes, keep the stock path.
 */
export function sendEachViewAtOnce(room: object): void {
  const serializer = serializerOf(room);
  const stock = serializer.applyPatches.bind(serializer);
  serializer.applyPatches = (clients, state, timing) => {
    const encoder = serializer.encoder;
    if (!serializer.hasFilters || timing !== undefined || clients.length === 0 || !encoder.hasChanges) {
      return stock(clients, state, timing);
    }
    serializer.needFullEncode = true;
    const it = { offset: 1 };
    encoder.sharedBuffer[0] = Protocol.ROOM_STATE_PATCH;
    const shared = encoder.encode(it);
    const sharedOffset = it.offset;
    for (let i = clients.length - 1; i >= 0; i--) {
      const client = clients[i] as Client;
      if (client.state !== ClientState.JOINED) continue;
      client.raw(client.view ? viewFrame(encoder, client.view, sharedOffset, it, rawCopies(client)) : shared);
    }
    encoder.discardChanges();
    return true;
  };
}

/**
 * One view's patch frame: the patch's shared bytes, then the view's own written straight
 * after them in the encoder's buffer, so the frame is one slice of it. Colyseus's
 * `encodeView` copies both parts into a new array for every view of every patch (500
 * arrays a patch in a crowd, garbage that collections then chase); it is still used when
 * the view has membership changes of its own to drain (`view.changes`, people coming
 * into or out of sight) or the state has streams. The slice is overwritten by the next
 * view's frame, so it is copied for a transport that may keep the bytes (`reusable`
 * false: ws).
 */
export function viewFrame(encoder: Encoder, view: StateView, sharedOffset: number, it: Iterator, reusable: boolean): Uint8Array {
  if (view.changes.size > 0 || encoder.root.streamTrees.size > 0) return encoder.encodeView(view, sharedOffset, it);
  it.offset = sharedOffset;
  const frame = encoder.encode(it, view, encoder.sharedBuffer, sharedOffset);
  return reusable ? frame : Buffer.from(frame);
}

/** Where a leaf's patch bytes are in the arena, and for which patch (reused from patch to patch). */
interface Segment {
  patch: number;
  start: number;
  end: number;
}

/** Segments of leaves not seen for this many patches are dropped (people who left). */
const PRUNE_EVERY_PATCHES = 256;

/**
 * Allocates as little as it can per patch: whatever a patch allocates lives until the
 * patch ends, long enough for a scavenge in between to promote it, and collecting the old
 * generation is what stalled the patch phase (heap profile of bench:crowd).
 */
class ViewPassScope {
  /** The patch's non-leaf trees as a queue of their own; built at the first view of a patch. */
  readonly #others = new NodeQueue();
  #othersReady = false;
  /** A one-tree queue, to encode a single leaf through the stock walk. */
  readonly #one = new NodeQueue();
  /** Each changed leaf's patch bytes, encoded once per patch. */
  readonly #segments = new Map<ChangeTree, Segment>();
  #patch = 0;
  #arena: Uint8Array = new Uint8Array(Encoder.BUFFER_SIZE);
  #arenaUsed = 0;
  readonly #arenaIt: Iterator = { offset: 0 };

  constructor(
    private readonly encoder: Encoder,
    private readonly stock: StockEncode,
    private readonly isLeaf: (tree: ChangeTree) => boolean,
    private readonly leaves: ViewLeaves,
  ) {}

  encode(it: Iterator = { offset: 0 }, view?: StateView, buffer?: Uint8Array, initialOffset?: number): Uint8Array {
    if (view === undefined) {
      this.forget(); // the shared pass opens a patch: its queue may differ from the last one
      return this.stock(it, view, buffer, initialOffset);
    }
    const keys = this.leaves.keysOf(view);
    if (keys === undefined) return this.stock(it, view, buffer, initialOffset);
    if (!this.#othersReady) this.#collectOthers();
    const out = this.#stockOver(this.#others, it, view, buffer, initialOffset);
    // Append to the buffer `out` was cut from: the encoder's shared one, where every view of a patch is written in turn.
    const shared = this.encoder.sharedBuffer;
    let bytes = out.buffer === shared.buffer && out.byteOffset === 0 ? shared : new Uint8Array(out.buffer, out.byteOffset);
    for (const key of keys) {
      const tree = (this.leaves.leaf(key) as { [$changes]?: ChangeTree } | undefined)?.[$changes];
      if (tree?.changesNode === undefined || !view.isChangeTreeVisible(tree)) continue;
      const segment = this.#segmentOf(tree, view);
      const length = segment.end - segment.start;
      if (it.offset + length > bytes.length) bytes = this.#grow(bytes, it.offset + length, it.offset);
      copyInto(bytes, it.offset, this.#arena, segment.start, length);
      it.offset += length;
    }
    return bytes.subarray(0, it.offset);
  }

  forget(): void {
    this.#othersReady = false;
    this.#arenaUsed = 0;
    if (++this.#patch % PRUNE_EVERY_PATCHES === 0) {
      for (const [tree, segment] of this.#segments) if (segment.patch < this.#patch - PRUNE_EVERY_PATCHES) this.#segments.delete(tree);
    }
  }

  #collectOthers(): void {
    this.#others.clear();
    for (let node = this.encoder.root.changes.next; node; node = node.next) {
      if (!this.isLeaf(node.changeTree)) this.#others.push(node.changeTree);
    }
    this.#othersReady = true;
  }

  /** Where the leaf's patch bytes (its structure switch and changed fields, the same for every view that sees it) are. */
  #segmentOf(tree: ChangeTree, view: StateView): Segment {
    let segment = this.#segments.get(tree);
    if (segment?.patch === this.#patch) return segment;
    this.#one.clear();
    this.#one.push(tree);
    const start = this.#arenaUsed;
    if (start + Encoder.BUFFER_SIZE > this.#arena.length) this.#arena = this.#grow(this.#arena, start + Encoder.BUFFER_SIZE, start);
    this.#arenaIt.offset = start;
    const out = this.#stockOver(this.#one, this.#arenaIt, view, this.#arena, start);
    if (out.buffer !== this.#arena.buffer) this.#arena = new Uint8Array(out.buffer); // the encoder grew it
    this.#arenaUsed = this.#arenaIt.offset;
    if (segment === undefined) {
      segment = { patch: 0, start: 0, end: 0 };
      this.#segments.set(tree, segment);
    }
    segment.patch = this.#patch;
    segment.start = start;
    segment.end = this.#arenaUsed;
    return segment;
  }

  /** The stock walk over `queue` instead of the shared change queue. */
  #stockOver(queue: NodeQueue, it: Iterator, view: StateView, buffer?: Uint8Array, initialOffset?: number): Uint8Array {
    const root = this.encoder.root;
    const shared = root.changes;
    root.changes = queue.list;
    try {
      return this.stock(it, view, buffer, initialOffset);
    } finally {
      root.changes = shared;
    }
  }

  /** A larger copy of the first `used` bytes, which becomes the encoder's shared buffer when `bytes` was it. */
  #grow(bytes: Uint8Array, needed: number, used: number): Uint8Array {
    const size = Encoder.BUFFER_SIZE;
    const grown = new Uint8Array(Math.ceil((needed + size) / size) * size);
    grown.set(bytes.subarray(0, used));
    if (this.encoder.sharedBuffer.buffer === bytes.buffer) this.encoder.sharedBuffer = grown;
    return grown;
  }
}

/** Copies `length` bytes; a plain loop, since most segments are a few dozen bytes and `set` costs more to call. */
function copyInto(to: Uint8Array, at: number, from: Uint8Array, start: number, length: number): void {
  if (length > 64) {
    to.set(from.subarray(start, start + length), at);
    return;
  }
  for (let i = 0; i < length; i++) to[at + i] = from[start + i] as number;
}

/** A change queue of our own, in the shape the encoder walks, from pooled nodes. */
class NodeQueue {
  readonly list: Queue = { next: undefined, tail: undefined, nextPosition: 0 };
  readonly #pool: QueueNode[] = [];
  #used = 0;

  clear(): void {
    for (let i = 0; i < this.#used; i++) (this.#pool[i] as { changeTree?: ChangeTree }).changeTree = undefined;
    this.#used = 0;
    this.list.next = undefined;
    this.list.tail = undefined;
  }

  push(changeTree: ChangeTree): void {
    let node = this.#pool[this.#used];
    if (node === undefined) {
      node = { changeTree, next: undefined, prev: undefined, position: 0 };
      this.#pool.push(node);
    }
    this.#used++;
    node.changeTree = changeTree;
    node.next = undefined;
    node.prev = this.list.tail;
    node.position = this.#used;
    if (this.list.tail) this.list.tail.next = node;
    else this.list.next = node;
    this.list.tail = node;
  }
}
