import { Encoder, StateView } from "@colyseus/schema";
import { Avatar, RoomMood, SpaceState, SpaceStateInView } from "./schema/state/space.ts";
import { InterestGrid } from "./server/domain/space/interest.ts";
Encoder.BUFFER_SIZE = 64 * 1024;
const N = Number(process.argv[2] ?? 500), W = 3200, H = 2400, R = 480;
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
for (const inView of [true, false]) {
  const s = (inView ? new SpaceStateInView({ roomMood: new RoomMood() }) : new SpaceState({ roomMood: new RoomMood() })) as SpaceState;
  const enc = new Encoder(s);
  const pos: { sessionId: string; x: number; y: number }[] = [];
  for (let i = 0; i < N; i++) { const p = { sessionId: `s${i}`, x: Math.random() * W, y: Math.random() * H }; pos.push(p); s.avatars.set(p.sessionId, new Avatar({ x: p.x, y: p.y, name: `n${i}` })); }
  const grid = new InterestGrid(R);
  const views = new Map<string, StateView>();
  for (const p of pos) { const v = new StateView(); views.set(p.sessionId, v); grid.join(p.sessionId); v.add(s.avatars.get(p.sessionId)!); }
  const apply = () => { for (const c of grid.update(pos, 0)) { const v = views.get(c.viewer)!; const a = s.avatars.get(c.target)!; c.visible ? v.add(a) : v.remove(a); } };
  apply();
  let it = { offset: 1 }; enc.encodeAll(it); for (const v of views.values()) enc.encodeAllView(v, it.offset, { ...it }); enc.discardChanges();
  let encodeCpu = 0, passCpu = 0, bytes = 0; const T = 40;
  for (let tick = 0; tick < T; tick++) {
    for (const p of pos) { p.x = Math.max(16, Math.min(W - 16, p.x + (Math.random() - 0.5) * 16)); p.y = Math.max(16, Math.min(H - 16, p.y + (Math.random() - 0.5) * 16)); const a = s.avatars.get(p.sessionId)!; a.x = p.x; a.y = p.y; a.inputTs = tick + Math.random(); }
    if (inView && tick % 4 === 0) { const c0 = cpu(); apply(); passCpu += cpu() - c0; }
    const c0 = cpu();
    it = { offset: 1 };
    const shared = enc.encode(it);
    if (inView) { const off = it.offset; for (const v of views.values()) bytes += enc.encodeView(v, off, it).length; } else bytes += shared.length * N;
    enc.discardChanges();
    encodeCpu += cpu() - c0;
  }
  console.log(N, inView ? "views" : "no views", "encode CPU ms/patch", (encodeCpu / T).toFixed(2), "µs per view", (encodeCpu / T / N * 1000).toFixed(1), "bytes/client/patch", Math.round(bytes / T / N), "view pass CPU ms", (passCpu / (T / 4)).toFixed(2), "avg seen", inView ? Math.round(pos.reduce((n, p) => n + grid.countSeenBy(p.sessionId), 0) / N) : N);
}
