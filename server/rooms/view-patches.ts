import { $changes, type ChangeTree, Encoder, type Iterator, type StateView } from "@colyseus/schema";

type Queue = Encoder["root"]["changes"];
type QueueNode = NonNullable<Queue["next"]>;
type StockEncode = Encoder["encode"];

/**
 * A leaf as views hold it: the object, and where the scope keeps its notes on it for the
 * current patch (only the scope writes those). The owner of the views makes one per leaf
 * and lists it for every view that holds the leaf, so a view's encode walks these objects
 * and looks nothing up: at 46 avatars seen by each of 500 views, a patch meets a leaf
 * 23,000 times, and two map lookups each (by key, then by tree) were a fifth of the
 * patch phase.
 */
export class ViewLeaf {
  /** The patch `tree` was read for. */
  readPatch = 0;
  /** The leaf's tree when it changed in `readPatch`, else undefined (nothing to send). */
  tree: ChangeTree | undefined = undefined;
  /** The patch the leaf's bytes (`start`..`end` in the scope's arena) were encoded for. */
  bytesPatch = 0;
  start = 0;
  end = 0;

  constructor(readonly leaf: object) {}
}

/** Which leaves each view may hold (a superset is fine). */
export interface ViewLeaves {
  /** The leaves `view` may hold; undefined when the view is not one of ours. */
  leavesOf(view: StateView): Iterable<ViewLeaf> | undefined;
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
  #patch = 1;
  #arena: Uint8Array = new Uint8Array(Encoder.BUFFER_SIZE);
  #arenaView: DataView = new DataView(this.#arena.buffer);
  #arenaUsed = 0;
  /** Over the buffer views are written into (see #viewOver). */
  #outView: DataView = new DataView(new ArrayBuffer(0));
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
    const leaves = this.leaves.leavesOf(view);
    if (leaves === undefined) return this.stock(it, view, buffer, initialOffset);
    if (!this.#othersReady) this.#collectOthers();
    const out = this.#stockOver(this.#others, it, view, buffer, initialOffset);
    // Append to the buffer `out` was cut from: the encoder's shared one, where every view of a patch is written in turn.
    const shared = this.encoder.sharedBuffer;
    let bytes = out.buffer === shared.buffer && out.byteOffset === 0 ? shared : new Uint8Array(out.buffer, out.byteOffset);
    let into = this.#viewOver(bytes);
    const patch = this.#patch;
    for (const leaf of leaves) {
      if (leaf.readPatch !== patch) readTree(leaf, patch);
      const tree = leaf.tree;
      if (tree === undefined || !view.isChangeTreeVisible(tree)) continue;
      if (leaf.bytesPatch !== patch) this.#encodeLeaf(leaf, tree, view);
      const length = leaf.end - leaf.start;
      if (it.offset + length > bytes.length) {
        bytes = grownBuffer(this.encoder, bytes, it.offset + length + Encoder.BUFFER_SIZE, it.offset);
        into = this.#viewOver(bytes);
      }
      copyInto(into, bytes, it.offset, this.#arenaView, this.#arena, leaf.start, length);
      it.offset += length;
    }
    return bytes.subarray(0, it.offset);
  }

  forget(): void {
    this.#othersReady = false;
    this.#arenaUsed = 0;
    this.#patch++;
  }

  #collectOthers(): void {
    this.#others.clear();
    for (let node = this.encoder.root.changes.next; node; node = node.next) {
      if (!this.isLeaf(node.changeTree)) this.#others.push(node.changeTree);
    }
    this.#othersReady = true;
  }

  /** Encodes the leaf's patch bytes (its structure switch and changed fields, the same for every view that sees it) into the arena. */
  #encodeLeaf(leaf: ViewLeaf, tree: ChangeTree, view: StateView): void {
    this.#one.clear();
    this.#one.push(tree);
    const start = this.#arenaUsed;
    if (start + Encoder.BUFFER_SIZE > this.#arena.length) this.#setArena(grownBuffer(this.encoder, this.#arena, start + 2 * Encoder.BUFFER_SIZE, start));
    this.#arenaIt.offset = start;
    const out = this.#stockOver(this.#one, this.#arenaIt, view, this.#arena, start);
    if (out.buffer !== this.#arena.buffer) this.#setArena(new Uint8Array(out.buffer)); // the encoder grew it
    this.#arenaUsed = this.#arenaIt.offset;
    leaf.bytesPatch = this.#patch;
    leaf.start = start;
    leaf.end = this.#arenaUsed;
  }

  /** A DataView over `bytes`, kept while it is the same memory (the shared buffer, view after view). */
  #viewOver(bytes: Uint8Array): DataView {
    const last = this.#outView;
    if (last.buffer === bytes.buffer && last.byteOffset === bytes.byteOffset && last.byteLength === bytes.byteLength) return last;
    this.#outView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return this.#outView;
  }

  #setArena(arena: Uint8Array): void {
    this.#arena = arena;
    this.#arenaView = new DataView(arena.buffer);
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
}

/**
 * A buffer of at least `needed` bytes (in whole Encoder.BUFFER_SIZE blocks) holding the first
 * `used` of `bytes`; it becomes the encoder's shared buffer when `bytes` was that one. Grown
 * here, ahead of the encode, because an encode that overflows re-encodes into a bigger
 * buffer and warns on the console.
 */
export function grownBuffer(encoder: Encoder, bytes: Uint8Array, needed: number, used: number): Uint8Array {
  const size = Encoder.BUFFER_SIZE;
  const grown = new Uint8Array(Math.ceil(needed / size) * size);
  grown.set(bytes.subarray(0, used));
  if (encoder.sharedBuffer.buffer === bytes.buffer) encoder.sharedBuffer = grown;
  return grown;
}

/** Notes the leaf's tree for `patch`, if it changed (a tree leaves the change queue once its patch is sent). */
function readTree(leaf: ViewLeaf, patch: number): void {
  const tree = (leaf.leaf as { [$changes]?: ChangeTree })[$changes];
  leaf.readPatch = patch;
  leaf.tree = tree?.changesNode === undefined ? undefined : tree;
}

/**
 * Copies `length` bytes. A leaf's bytes are a few dozen: four at a time through DataViews
 * (unaligned reads and writes are allowed there), the rest one by one, is about three
 * times faster than a byte loop or `set` on a subarray at that size. `to` and `from` are
 * the same memory as `toView` and `fromView`, from their first byte.
 */
function copyInto(toView: DataView, to: Uint8Array, at: number, fromView: DataView, from: Uint8Array, start: number, length: number): void {
  if (length > 256) {
    to.set(from.subarray(start, start + length), at);
    return;
  }
  let i = 0;
  for (; i + 4 <= length; i += 4) toView.setUint32(at + i, fromView.getUint32(start + i));
  for (; i < length; i++) to[at + i] = from[start + i] as number;
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
