import { type Client, ClientState, Protocol, SchemaSerializer } from "@colyseus/core";
import { Encoder, type Iterator, type StateView } from "@colyseus/schema";
import { rawCopies } from "../transport/raw-copies.ts";
import { grownBuffer } from "./view-patches.ts";

/*
 * A crowded space's patch frames, one per client's StateView, made and sent
 * (view-patches.ts scopes what each view's encode walks).
 */

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
 * Sends each client its own patch frame, every frame encoded before the first is sent.
 * Colyseus's filtered patch keeps each frame as a new array in a map until the last
 * client's is made (so clients sharing one StateView share an encode); in a crowd that is
 * 500 arrays held through a patch, which the scavenges during it promoted, and collecting
 * them from the old generation stalled later patches. Here the frames are written one
 * after another into the encoder's own buffer (PatchFrames), which is kept from patch to
 * patch, and sent after the last is made: a send's trip through the kernel evicts the
 * caches that the next view's encode would otherwise find warm (the avatars' trees, the
 * leaves' bytes), and encoding all views first cut the patch phase by a tenth or more in
 * bench:crowd. A room may use this only when no two clients share a view (SpaceViews
 * gives each its own); rooms with input timing, and patches without changes, keep the
 * stock path.
 */
export function sendViewFrames(room: object): void {
  const serializer = serializerOf(room);
  const stock = serializer.applyPatches.bind(serializer);
  const frames = new PatchFrames();
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
      if (client.view) frames.add(encoder, client.view, sharedOffset, it);
      else frames.addBytes(shared);
      frames.clients.push(client);
    }
    try {
      for (let i = 0; i < frames.clients.length; i++) {
        const client = frames.clients[i] as Client;
        client.raw(frames.frame(i, rawCopies(client)));
      }
    } finally {
      frames.clear();
      encoder.discardChanges();
    }
    return true;
  };
}

/**
 * One patch's frames, one per client: where each is (a buffer, from, to), and the clients
 * they go to. A frame cut from the encoder's buffer is the patch's shared bytes copied in
 * front of the view's own, so each frame is one slice and no frame overwrites another.
 */
export class PatchFrames {
  /** The clients, in the order their frames were added (the room's send loop fills it). */
  readonly clients: Client[] = [];
  readonly #buffers: Uint8Array[] = [];
  readonly #from: number[] = [];
  readonly #to: number[] = [];

  get length(): number {
    return this.#buffers.length;
  }

  /**
   * Encodes `view`'s frame after the last one (at `it.offset`; after the shared bytes for
   * the first). When the view has membership changes of its own to drain (people coming
   * into or out of sight) or the state has streams, Colyseus's `encodeView` makes it and
   * returns a copy, and its space in the buffer is free again.
   */
  add(encoder: Encoder, view: StateView, sharedOffset: number, it: Iterator): void {
    const start = it.offset;
    if (view.changes.size > 0 || encoder.root.streamTrees.size > 0) {
      this.addBytes(encoder.encodeView(view, sharedOffset, it));
      it.offset = start;
      return;
    }
    const needed = start + sharedOffset + Encoder.BUFFER_SIZE;
    const buffer = needed <= encoder.sharedBuffer.length ? encoder.sharedBuffer : grownBuffer(encoder, encoder.sharedBuffer, needed, start);
    buffer.copyWithin(start, 0, sharedOffset);
    it.offset = start + sharedOffset;
    const out = encoder.encode(it, view, buffer, it.offset);
    this.#push(out, start, it.offset);
  }

  /** A frame that is all of `bytes` (the shared frame, or a copy). */
  addBytes(bytes: Uint8Array): void {
    this.#push(bytes, 0, bytes.length);
  }

  /** Frame `i`; a copy unless the transport is done with the bytes when its send returns (`reusable`). */
  frame(i: number, reusable: boolean): Uint8Array {
    const bytes = (this.#buffers[i] as Uint8Array).subarray(this.#from[i], this.#to[i]);
    return reusable ? bytes : Buffer.from(bytes);
  }

  /** Lets go of the frames (the next patch writes over the encoder's buffer). */
  clear(): void {
    this.clients.length = 0;
    this.#buffers.length = 0;
    this.#from.length = 0;
    this.#to.length = 0;
  }

  #push(buffer: Uint8Array, from: number, to: number): void {
    this.#buffers.push(buffer);
    this.#from.push(from);
    this.#to.push(to);
  }
}
