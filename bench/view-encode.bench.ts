/**
 * npm run bench:view-encode [-- --people 500 --radius 480 --patches 40]
 * The patch phase of scenario B without sockets: one space's state with `people` avatars
 * spread over the crowd field (3200×2400 px), all of them moving a little every patch,
 * encoded the way Colyseus does it: once for everyone (no views), or once shared plus once
 * per client's StateView (views from the InterestGrid at `radius`). Figures are CPU time of
 * this process (process.cpuUsage), so a busy machine slows them less than wall time.
 * With views it runs twice: the room's scoped per-view walk (withViews) and Colyseus's
 * stock walk over the whole change queue (withViewsStockWalk), for the ratio; the scoped
 * run writes each view's frame as the room does (PatchFrames), the stock run copies it as
 * Colyseus does (encodeView). Views come from the room's SpaceViews, a quarter of the
 * viewers refreshed before each patch as at each of the room's steps. Printed:
 * CPU ms per patch, µs per client, bytes per client per patch, and the view pass (full,
 * and the quarter the room runs per step). Sending is not included (bench:crowd has it).
 */
import { parseArgs } from "node:util";
import type { Client } from "@colyseus/core";
import { Encoder, type StateView } from "@colyseus/schema";
import { Avatar, RoomMood, SpaceState, SpaceStateInView } from "../schema/state/space.ts";
import type { Placed } from "../server/domain/space/interest.ts";
import { SpaceViews } from "../server/rooms/space-views.ts";
import { PatchFrames } from "../server/rooms/view-frames.ts";
import { scopeViewPasses } from "../server/rooms/view-patches.ts";
import { report, round } from "./lib/stats.ts";

const { values: args } = parseArgs({
  options: { people: { type: "string", default: "500" }, radius: { type: "string", default: "480" }, patches: { type: "string", default: "40" } },
});
const N = Number(args.people);
const R = Number(args.radius);
const PATCHES = Number(args.patches);
const W = 3200;
const H = 2400;
Encoder.BUFFER_SIZE = 128 * 1024;
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/** none: no views; stock: Colyseus's per-view walk over the whole queue; scoped: server/rooms/view-patches.ts. */
function run(mode: "none" | "stock" | "scoped") {
  const inView = mode !== "none";
  const fields = { roomMood: new RoomMood() };
  const state = inView ? (new SpaceStateInView(fields) as SpaceState) : new SpaceState(fields);
  const encoder = new Encoder(state);
  const placed: Placed[] = [];
  for (let i = 0; i < N; i++) {
    const p = { sessionId: `s${i}`, x: Math.random() * W, y: Math.random() * H };
    placed.push(p);
    state.avatars.set(p.sessionId, new Avatar({ x: p.x, y: p.y, name: `person ${i}`, username: `person${i}`, userId: `u${i}` }));
  }
  // The room's own interest part (space-views.ts): one StateView per client, kept by the grid.
  const spaceViews = new SpaceViews(state, R);
  const views: StateView[] = [];
  const frames = new PatchFrames();
  if (mode === "scoped") scopeViewPasses(encoder, (tree) => tree.ref instanceof Avatar, spaceViews.leaves);
  if (inView) {
    for (const p of placed) {
      const client = { sessionId: p.sessionId, view: undefined as StateView | undefined };
      spaceViews.join(client as unknown as Client);
      views.push(client.view as StateView);
    }
    spaceViews.pass(placed, 0);
  }
  let it = { offset: 1 };
  encoder.encodeAll(it);
  for (const v of views) encoder.encodeAllView(v, it.offset, { ...it });
  encoder.discardChanges();
  let encodeCpu = 0;
  let bytes = 0;
  let passCpu = 0;
  for (let patch = 0; patch < PATCHES; patch++) {
    for (const p of placed) {
      p.x = Math.max(16, Math.min(W - 16, p.x + (Math.random() - 0.5) * 16));
      p.y = Math.max(16, Math.min(H - 16, p.y + (Math.random() - 0.5) * 16));
      const a = state.avatars.get(p.sessionId) as InstanceType<typeof Avatar>;
      a.x = p.x;
      a.y = p.y;
      a.inputTs = patch + Math.random();
    }
    if (inView) {
      const c0 = cpuMs();
      spaceViews.pass(placed, 0); // a quarter of the viewers, as at each of the room's steps
      passCpu += cpuMs() - c0;
    }
    const c0 = cpuMs();
    it = { offset: 1 };
    const shared = encoder.encode(it);
    if (inView) {
      const offset = it.offset;
      if (mode === "scoped") {
        // As the room makes them (view-patches.ts sendViewFrames): every view's frame in
        // the encoder's buffer, one after another (Colyseus's copy when its membership changed).
        for (const v of views) frames.add(encoder, v, offset, it);
        for (let i = 0; i < frames.length; i++) bytes += frames.frame(i, true).length;
        frames.clear();
      } else for (const v of views) bytes += encoder.encodeView(v, offset, it).length;
    } else bytes += shared.length * N;
    encoder.discardChanges();
    encodeCpu += cpuMs() - c0;
  }
  const seen = inView ? placed.reduce((n, p) => n + spaceViews.grid.countSeenBy(p.sessionId), 0) / N : N;
  return {
    encodeCpuMsPerPatch: round(encodeCpu / PATCHES, 2),
    encodeCpuUsPerClient: round((encodeCpu / PATCHES / N) * 1000, 2),
    bytesPerClientPerPatch: Math.round(bytes / PATCHES / N),
    ...(inView ? { viewPassCpuMsPerStep: round(passCpu / PATCHES, 2), avatarsPerClient: round(seen, 1) } : {}),
  };
}

const withViewsStockWalk = run("stock");
const withViews = run("scoped");
const withoutViews = run("none");
report("view-encode", {
  note: "CPU time of the encode only (no sockets), one process; compare the two in one run",
  people: N,
  radiusPx: R,
  patches: PATCHES,
  withViews,
  withViewsStockWalk,
  withoutViews,
  scopedOverStockEncodeCpu: round(withViews.encodeCpuMsPerPatch / Math.max(withViewsStockWalk.encodeCpuMsPerPatch, 0.01), 2),
  bytesRatio: round(withoutViews.bytesPerClientPerPatch / Math.max(withViews.bytesPerClientPerPatch, 1), 2),
  encodeCpuRatio: round(withViews.encodeCpuMsPerPatch / Math.max(withoutViews.encodeCpuMsPerPatch, 0.01), 2),
});
