import assert from "node:assert/strict";
import type { Client } from "@colyseus/core";
import { $changes, Decoder, Encoder, type StateView } from "@colyseus/schema";
import { Avatar, RoomMood, type SpaceState, SpaceStateInView } from "../../schema/state/space.ts";
import type { Placed } from "../../server/domain/space/interest.ts";
import { SpaceViews } from "../../server/rooms/space-views.ts";
import { PatchFrames } from "../../server/rooms/view-frames.ts";
import { scopeViewPasses } from "../../server/rooms/view-patches.ts";

const W = 2400;
const H = 1600;
const RADIUS = 300;

/** A small deterministic generator, so a failure replays the same steps. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One space as a room holds it, with the clients' decoders: stock encoder or scoped. */
class Side {
  readonly state = new SpaceStateInView({ roomMood: new RoomMood() }) as SpaceState;
  readonly encoder = new Encoder(this.state);
  readonly views = new SpaceViews(this.state, RADIUS);
  readonly clients = new Map<string, { view?: StateView; decoder: Decoder<SpaceState> }>();
  /** Trees each view's walk asked about, by viewer (counts the visibility checks). */
  readonly asked = new Map<string, number>();

  constructor(private readonly scoped: boolean) {
    if (scoped) scopeViewPasses(this.encoder, (tree) => tree.ref instanceof Avatar, this.views.leaves);
  }

  join(id: string, p: Placed): void {
    this.state.avatars.set(id, new Avatar({ userId: `u-${id}`, name: id, x: p.x, y: p.y }));
    const client = { sessionId: id, view: undefined as StateView | undefined };
    this.views.join(client as unknown as Client);
    const view = client.view as StateView;
    const ask = view.isChangeTreeVisible.bind(view);
    view.isChangeTreeVisible = (tree) => {
      this.asked.set(id, (this.asked.get(id) ?? 0) + 1);
      return ask(tree);
    };
    // What Colyseus sends a joiner at once: the full state through its view.
    const decoder = new Decoder(new SpaceStateInView() as SpaceState);
    const it = { offset: 0 };
    this.encoder.encodeAll(it);
    decoder.decode(this.encoder.encodeAllView(view, it.offset, { ...it }));
    this.clients.set(id, { view, decoder });
  }

  leave(id: string): void {
    this.state.avatars.delete(id);
    this.views.leave(id);
    this.clients.delete(id);
  }

  /**
   * One patch the way SchemaSerializer.applyPatches makes it (shared pass, then one per
   * view, each decoded at once), or, scoped, the way sendViewFrames does: every view's
   * frame written into the encoder's buffer first, then all of them decoded (as the room
   * sends them), so a frame that a later one overwrote would decode wrong.
   */
  patch(): void {
    this.asked.clear();
    const it = { offset: 0 };
    this.encoder.encode(it);
    const shared = it.offset;
    const clients = [...this.clients.values()];
    if (this.scoped) {
      const frames = new PatchFrames();
      for (const { view } of clients) frames.add(this.encoder, view as StateView, shared, it);
      clients.forEach(({ decoder }, i) => {
        decoder.decode(frames.frame(i, true));
      });
    } else {
      for (const { view, decoder } of clients) decoder.decode(this.encoder.encodeView(view as StateView, shared, it));
    }
    this.encoder.discardChanges();
  }

  /** The room mood's pleasure as a client decoded it. */
  roomMoodOf(id: string): number | undefined {
    return this.clients.get(id)?.decoder.state.roomMood?.p;
  }

  /** What a client holds: avatar id → the fields it decoded. */
  held(id: string): Record<string, unknown> {
    const decoded = this.clients.get(id)?.decoder.state.avatars;
    const out: Record<string, unknown> = {};
    decoded?.forEach((a, key) => {
      out[key] = a.toJSON();
    });
    return out;
  }
}

describe("per-view encodes scoped to what each view sees (issue 13, scenario B)", () => {
  it("[IM11] every client decodes the same avatars as with the stock walk, through joins, walks, mood changes, pins and leaves", function () {
    // Three seeds of a whole crowd decoded twice over: about 2 s on a quiet machine, past the default 5 s on a busy one.
    this.timeout(30_000);
    for (const seed of [1, 2, 3]) {
      const rnd = random(seed);
      const stock = new Side(false);
      const scoped = new Side(true);
      const placed = new Map<string, Placed>();
      let next = 0;
      const joinOne = () => {
        const id = `s${next++}`;
        const p = { sessionId: id, x: rnd() * W, y: rnd() * H };
        placed.set(id, p);
        stock.join(id, p);
        scoped.join(id, p);
      };
      for (let i = 0; i < 40; i++) joinOne();
      for (let step = 0; step < 60; step++) {
        const roll = rnd();
        if (roll < 0.15) joinOne();
        else if (roll < 0.25 && placed.size > 5) {
          const id = [...placed.keys()][Math.floor(rnd() * placed.size)] as string;
          placed.delete(id);
          stock.leave(id);
          scoped.leave(id);
        } else if (roll < 0.3) {
          const ids = [...placed.keys()];
          const pick = () => ids[Math.floor(rnd() * ids.length)] as string;
          const [a, b] = [pick(), pick()];
          if (a !== b) for (const side of [stock, scoped]) side.views.pin(a, b, step * 50);
        }
        for (const p of placed.values()) {
          if (rnd() < 0.6) {
            p.x = Math.min(W, Math.max(0, p.x + (rnd() - 0.5) * 240));
            p.y = Math.min(H, Math.max(0, p.y + (rnd() - 0.5) * 240));
          }
          const mood = rnd() < 0.1 ? (rnd() < 0.5 ? "relaxed" : "anxious") : undefined;
          for (const side of [stock, scoped]) {
            const a = side.state.avatars.get(p.sessionId) as Avatar;
            a.x = p.x;
            a.y = p.y;
            if (mood) a.mood = mood;
          }
        }
        // The room's mood reaches everyone: bytes of the shared pass, in front of each view's own.
        const roomMood = rnd() < 0.5 ? Math.round(rnd() * 100) / 100 : undefined;
        const positions = [...placed.values()];
        for (const side of [stock, scoped]) {
          if (roomMood !== undefined) (side.state.roomMood as InstanceType<typeof RoomMood>).p = roomMood;
          side.views.pass(positions, step * 50);
          side.patch();
        }
        for (const id of placed.keys()) {
          assert.deepEqual(scoped.held(id), stock.held(id), `seed ${seed}, step ${step}, client ${id}`);
          const mood = (stock.state.roomMood as InstanceType<typeof RoomMood>).p;
          assert.ok(Math.abs((scoped.roomMoodOf(id) ?? Number.NaN) - mood) < 1e-6, `seed ${seed}, step ${step}: ${id} has the room's mood`);
          const expected = [...scoped.views.grid.seenBy(id)].sort();
          assert.deepEqual(Object.keys(scoped.held(id)).sort(), expected, `seed ${seed}, step ${step}: ${id} holds what its view gives it`);
        }
      }
    }
  });

  it("[IM12] a view's walk asks about the avatars it may hold, not about every avatar that moved", () => {
    const rnd = random(7);
    const sides = [new Side(false), new Side(true)] as const;
    const placed: Placed[] = [];
    for (let i = 0; i < 200; i++) {
      const p = { sessionId: `s${i}`, x: rnd() * W, y: rnd() * H };
      placed.push(p);
      for (const side of sides) side.join(p.sessionId, p);
    }
    for (const side of sides) {
      side.views.pass(placed, 0);
      side.patch();
      // everyone moves: all 200 avatars are in the queue
      for (const p of placed) (side.state.avatars.get(p.sessionId) as Avatar).x = p.x + 1;
      side.patch();
    }
    const [stock, scoped] = sides;
    let seen = 0;
    let askedScoped = 0;
    let askedStock = 0;
    for (const p of placed) {
      seen += scoped.views.grid.countSeenBy(p.sessionId);
      askedScoped += scoped.asked.get(p.sessionId) ?? 0;
      askedStock += stock.asked.get(p.sessionId) ?? 0;
    }
    assert.ok(askedStock >= placed.length * placed.length, `the stock walk asks about every changed avatar (${askedStock})`);
    assert.ok(askedScoped <= seen + placed.length * 3, `the scoped walk asks about its own avatars and a few others (${askedScoped} for ${seen} seen)`);
    assert.ok(askedScoped * 4 < askedStock, `${askedScoped} against ${askedStock}`);
    assert.equal((scoped.state.avatars.get("s0") as Avatar)[$changes]?.changesNode, undefined, "the queue is drained after the patch");
  });

  it("[IM13] a patch's frames are slices of the encoder's buffer, one after another, for a transport that copies on send, and copies for one that may keep them", () => {
    const side = new Side(true);
    const placed = [0, 1, 2].map((i) => ({ sessionId: `s${i}`, x: 100 + i * 10, y: 100 }));
    for (const p of placed) side.join(p.sessionId, p);
    side.views.pass(placed, 0);
    side.patch(); // the joins' membership changes drain through Colyseus's encodeView
    for (const p of placed) (side.state.avatars.get(p.sessionId) as Avatar).x += 5;
    const it = { offset: 0 };
    side.encoder.encode(it);
    const shared = it.offset;
    const frames = new PatchFrames();
    for (const { view } of side.clients.values()) frames.add(side.encoder, view as StateView, shared, it);
    assert.equal(frames.length, 3);
    const buffer = side.encoder.sharedBuffer.buffer;
    let end = shared;
    for (let i = 0; i < frames.length; i++) {
      const frame = frames.frame(i, true);
      assert.equal(frame.buffer, buffer, "a slice of the encoder's buffer");
      assert.equal(frame.byteOffset, end, "right after the frame before it");
      assert.deepEqual([...frame.subarray(0, shared)], [...side.encoder.sharedBuffer.subarray(0, shared)], "the shared bytes first");
      end = frame.byteOffset + frame.length;
      const copy = frames.frame(i, false);
      assert.notEqual(copy.buffer, buffer, "a copy");
      assert.deepEqual([...copy], [...frame]);
    }
    side.encoder.discardChanges();
  });
});
