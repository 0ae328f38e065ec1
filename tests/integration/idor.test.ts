import assert from "node:assert/strict";
import { MUTATING } from "../../server/http/router.ts";
import { bearer, login, register, type TestAccount, uniqueName } from "../helpers/accounts.ts";
import { api } from "../helpers/http.ts";
import { realRoutes } from "../helpers/routes.ts";
import { type AnyRoom, joinSpace, leaveQuietly, untilState } from "../helpers/sdk.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

interface World {
  server: TestServer;
  victim: TestAccount;
  mallory: TestAccount;
  postId: string;
  victimSessionId: string;
  scriptId: string;
  versionId: string;
  songId: string;
  notificationId: string;
}

/**
 * For every mutating route, what a second ordinary user tries against the first user's
 * things. "refuse" cases must be answered 4xx; "self" routes act only on the caller by
 * construction (there is no id to swap). Either way the victim's data must not change.
 * A new mutating route without an entry here fails the test.
 */
const ATTACKS: Record<string, { kind: "refuse" | "self"; run: (w: World) => Promise<number> }> = {
  "POST /api/auth/register": { kind: "self", run: async (w) => (await api(w.server, "POST", "/api/auth/register", undefined, { username: w.victim.username, password: "another password 9" })).status },
  "POST /api/auth/login": { kind: "refuse", run: async (w) => (await login(w.server, w.victim.username, "not the password")).status },
  "POST /api/auth/logout": { kind: "self", run: async (w) => (await api(w.server, "POST", "/api/auth/logout", w.mallory)).status },
  "POST /api/auth/logout-all": { kind: "self", run: async (w) => (await api(w.server, "POST", "/api/auth/logout-all", w.mallory)).status },
  "POST /api/me/password": { kind: "refuse", run: async (w) => (await api(w.server, "POST", "/api/me/password", w.mallory, { currentPassword: w.victim.password, newPassword: "mallory owns you 1" })).status },
  "DELETE /api/me/sessions/:id": { kind: "refuse", run: async (w) => (await api(w.server, "DELETE", `/api/me/sessions/${w.victimSessionId}`, w.mallory)).status },
  "POST /api/operator/session": { kind: "refuse", run: async (w) => (await api(w.server, "POST", "/api/operator/session", w.mallory, { token: "guess" })).status },
  "DELETE /api/operator/session": { kind: "self", run: async (w) => (await api(w.server, "DELETE", "/api/operator/session", w.mallory)).status },
  "POST /api/admin/users/:username/ban": { kind: "refuse", run: async (w) => (await api(w.server, "POST", `/api/admin/users/${w.victim.username}/ban`, w.mallory, { reason: "x" })).status },
  "POST /api/admin/users/:username/unban": { kind: "refuse", run: async (w) => (await api(w.server, "POST", `/api/admin/users/${w.victim.username}/unban`, w.mallory, { reason: "x" })).status },
  "POST /api/admin/users/:username/sessions/revoke": { kind: "refuse", run: async (w) => (await api(w.server, "POST", `/api/admin/users/${w.victim.username}/sessions/revoke`, w.mallory, { reason: "x" })).status },
  "PUT /api/admin/users/:username/role": { kind: "refuse", run: async (w) => (await api(w.server, "PUT", `/api/admin/users/${w.victim.username}/role`, w.mallory, { role: "user", reason: "x" })).status },
  // The guide flag is the caller's own: there is no way to name another account.
  "PATCH /api/me/guide": { kind: "self", run: async (w) => (await api(w.server, "PATCH", "/api/me/guide", w.mallory, { done: true })).status },
  "PATCH /api/me/profile": { kind: "self", run: async (w) => (await api(w.server, "PATCH", "/api/me/profile", w.mallory, { bio: "mallory's own bio" })).status },
  // The look is the caller's own: the path names nobody, and a body naming the victim is refused (tests/integration/avatar-look.test.ts).
  "PUT /api/me/avatar": { kind: "self", run: async (w) => (await api(w.server, "PUT", "/api/me/avatar", w.mallory, { shape: "star", color: "lime", accessory: "hat" })).status },
  "POST /api/profiles/:username/follow": { kind: "self", run: async (w) => (await api(w.server, "POST", `/api/profiles/${w.victim.username}/follow`, w.mallory)).status },
  "DELETE /api/profiles/:username/follow": { kind: "self", run: async (w) => (await api(w.server, "DELETE", `/api/profiles/${w.victim.username}/follow`, w.mallory)).status },
  "POST /api/walls/:username/posts": { kind: "refuse", run: async (w) => (await api(w.server, "POST", `/api/walls/${w.victim.username}/posts`, w.mallory, { text: "on a closed wall" })).status },
  "PATCH /api/posts/:id": { kind: "refuse", run: async (w) => (await api(w.server, "PATCH", `/api/posts/${w.postId}`, w.mallory, { text: "defaced" })).status },
  "DELETE /api/posts/:id": { kind: "refuse", run: async (w) => (await api(w.server, "DELETE", `/api/posts/${w.postId}`, w.mallory)).status },
  "POST /api/posts/:id/hide": { kind: "refuse", run: async (w) => (await api(w.server, "POST", `/api/posts/${w.postId}/hide`, w.mallory, { reason: "x" })).status },
  "PUT /api/posts/:id/reactions/:kind": { kind: "self", run: async (w) => (await api(w.server, "PUT", `/api/posts/${w.postId}/reactions/sad`, w.mallory)).status },
  "POST /api/songs": { kind: "self", run: async (w) => (await api(w.server, "POST", "/api/songs", w.mallory, { title: "mallory's own song" })).status },
  "POST /api/songs/:id/editors": { kind: "refuse", run: async (w) => (await api(w.server, "POST", `/api/songs/${w.songId}/editors`, w.mallory, { username: w.mallory.username })).status },
  "DELETE /api/songs/:id/editors/:username": { kind: "refuse", run: async (w) => (await api(w.server, "DELETE", `/api/songs/${w.songId}/editors/${w.mallory.username}`, w.mallory)).status },
  "PUT /api/songs/:id/watchable": { kind: "refuse", run: async (w) => (await api(w.server, "PUT", `/api/songs/${w.songId}/watchable`, w.mallory, { watchable: true })).status },
  "POST /api/songs/:id/versions": { kind: "refuse", run: async (w) => (await api(w.server, "POST", `/api/songs/${w.songId}/versions`, w.mallory)).status },
  // A reading is the caller's own place in a version: there is no one else's to reach.
  "POST /api/song-versions/:id/reading/choose": { kind: "self", run: async (w) => (await api(w.server, "POST", `/api/song-versions/${w.songId}/reading/choose`, w.mallory, { choice: "a" })).status },
  "POST /api/song-versions/:id/reading/restart": { kind: "self", run: async (w) => (await api(w.server, "POST", `/api/song-versions/${w.songId}/reading/restart`, w.mallory)).status },
  "DELETE /api/posts/:id/reactions/:kind": { kind: "self", run: async (w) => (await api(w.server, "DELETE", `/api/posts/${w.postId}/reactions/love`, w.mallory)).status },
  "POST /api/scripts": { kind: "self", run: async (w) => (await api(w.server, "POST", "/api/scripts", w.mallory, { title: "mine", source: "print(1)" })).status },
  "PUT /api/scripts/:id/draft": { kind: "refuse", run: async (w) => (await api(w.server, "PUT", `/api/scripts/${w.scriptId}/draft`, w.mallory, { title: "defaced", source: "x" })).status },
  "POST /api/scripts/:id/history/:seq/restore": { kind: "refuse", run: async (w) => (await api(w.server, "POST", `/api/scripts/${w.scriptId}/history/1/restore`, w.mallory)).status },
  "POST /api/scripts/:id/publish": { kind: "refuse", run: async (w) => (await api(w.server, "POST", `/api/scripts/${w.scriptId}/publish`, w.mallory)).status },
  "POST /api/scripts/:id/unpublish": { kind: "refuse", run: async (w) => (await api(w.server, "POST", `/api/scripts/${w.scriptId}/unpublish`, w.mallory)).status },
  "POST /api/scripts/:id/hide": { kind: "refuse", run: async (w) => (await api(w.server, "POST", `/api/scripts/${w.scriptId}/hide`, w.mallory, { reason: "x" })).status },
  // Someone else's notification id answers like a missing one (404); "all" marks only the caller's.
  "POST /api/me/notifications/read": { kind: "refuse", run: async (w) => (await api(w.server, "POST", "/api/me/notifications/read", w.mallory, { id: w.notificationId })).status },
  "POST /api/script-versions/:id/fork": { kind: "self", run: async (w) => (await api(w.server, "POST", `/api/script-versions/${w.versionId}/fork`, w.mallory)).status },
};

describe("no IDOR anywhere (real server)", function () {
  this.timeout(90_000);
  let w: World;
  const rooms: AnyRoom[] = [];

  before(async () => {
    const server = await startTestServer({ transport: "uws" });
    const victim = await register(server, uniqueName("victim"));
    const mallory = await register(server, uniqueName("mallory"));
    const post = await api(server, "POST", `/api/walls/${victim.username}/posts`, victim, { text: "my own words" });
    await api(server, "PUT", `/api/posts/${post.body.id}/reactions/love`, victim);
    await api(server, "PATCH", "/api/me/profile", victim, { bio: "victim bio", wallPolicy: "nobody" });
    const script = await api(server, "POST", "/api/scripts", victim, { title: "orbit", source: "print('v1')" });
    const version = await api(server, "POST", `/api/scripts/${script.body.id}/publish`, victim);
    await api(server, "PUT", `/api/scripts/${script.body.id}/draft`, victim, { title: "orbit", source: "print('draft 2')" });
    const song = await api(server, "POST", "/api/songs", victim, { title: "victim's song" });
    // Mallory follows the victim: the victim gets a notification for mallory to try to reach.
    await api(server, "POST", `/api/profiles/${victim.username}/follow`, mallory);
    const inbox = await api(server, "GET", "/api/me/notifications", victim);
    const notificationId = (inbox.body as { notifications: Array<{ id: string }> }).notifications[0]?.id ?? "";
    w = {
      server,
      victim,
      mallory,
      postId: post.body.id as string,
      victimSessionId: victim.sessionId,
      scriptId: script.body.id as string,
      versionId: version.body.id as string,
      songId: song.body.id as string,
      notificationId,
    };
  });
  after(async () => {
    await Promise.all(rooms.map(leaveQuietly));
    await w.server.stop();
  });

  const snapshot = async () => ({
    profile: (await api(w.server, "GET", `/api/profiles/${w.victim.username}`)).body,
    wall: (await api(w.server, "GET", `/api/walls/${w.victim.username}/posts`)).body,
    me: (await api(w.server, "GET", "/api/me", w.victim)).status,
    sessions: (await api(w.server, "GET", "/api/me/sessions", w.victim)).body,
    script: (await api(w.server, "GET", `/api/scripts/${w.scriptId}`, w.victim)).body,
    history: (await api(w.server, "GET", `/api/scripts/${w.scriptId}/history`, w.victim)).body,
    song: (await api(w.server, "GET", `/api/songs/${w.songId}`, w.victim)).body,
    songVersions: (await api(w.server, "GET", `/api/songs/${w.songId}/versions`, w.victim)).body,
    unread: (await api(w.server, "GET", "/api/me/notifications/unread", w.victim)).body,
    guide: (await api(w.server, "GET", "/api/me/guide", w.victim)).body,
  });

  it("[IDOR1] every mutating route is covered by an attack case", () => {
    const mutations = realRoutes().filter((r) => MUTATING.has(r.method)).map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(mutations.filter((m) => !ATTACKS[m]), [], "add an attack case for each new mutating route");
  });

  it("[IDOR2] as a second user, every attempt on the first user's things is refused and nothing changes", async () => {
    const before = await snapshot();
    for (const [route, attack] of Object.entries(ATTACKS)) {
      const status = await attack.run(w);
      if (attack.kind === "refuse") assert.ok(status >= 400 && status < 500, `${route} answered ${status}`);
      assert.ok(status < 500, `${route} answered ${status}`);
    }
    const after = await snapshot();
    const strip = (s: typeof before) => JSON.parse(JSON.stringify(s, (k, v) => (k === "lastSeenAt" || k === "viewer" ? undefined : v)));
    const expectedProfile = { ...(before.profile as Record<string, unknown>), followers: (after.profile as { followers: number }).followers };
    assert.deepEqual(strip({ ...after, profile: after.profile }).profile, strip({ ...before, profile: expectedProfile }).profile, "profile unchanged (but for mallory following)");
    const reactionsOf = (s: typeof before) => JSON.stringify((s.wall as { posts: Array<{ text: string; reactions: Record<string, number> }> }).posts.map((p) => [p.text, p.reactions.love ?? 0]));
    assert.equal(reactionsOf(after), reactionsOf(before), "the victim's post and its reaction are untouched");
    assert.equal(after.me, 200, "the victim is still signed in");
    assert.deepEqual(strip(after).sessions, strip(before).sessions);
    // Mallory's fork moves the fork count and nothing else of the victim's script.
    const script = (s: typeof before) => ({ ...(s.script as { draft: Record<string, unknown> }).draft, forkCount: 0 });
    assert.deepEqual(script(after), script(before), "the victim's draft, its publish state and seq are untouched");
    assert.deepEqual(after.history, before.history, "no save was added to or restored in the victim's history");
    assert.deepEqual(after.song, before.song, "the victim's song (access, draft) is untouched");
    assert.deepEqual(after.songVersions, before.songVersions, "no version was published by another user");
    assert.ok(w.notificationId, "the victim was notified of mallory's follow");
    assert.deepEqual(after.unread, before.unread, "the victim's notification is still unread");
  });

  it("[IDOR3] room messages act only on the sender's own avatar", async () => {
    const v = await joinSpace(w.server, w.victim.token);
    const m = await joinSpace(w.server, (await login(w.server, w.mallory.username, w.mallory.password).then((r) => r.json()) as { token: string }).token);
    rooms.push(v, m);
    await untilState(v, () => v.state?.avatars?.size === 2);
    const mine = v.state.avatars.get(v.sessionId);
    const spot = { x: mine.x, y: mine.y };
    for (const type of ["space:move", "space:walk", "space:personality", "space:emote", "space:chat", "space:whisper"]) {
      m.send(type, { sessionId: v.sessionId, target: v.sessionId, userId: w.victim.userId, x: 50, y: 50, dx: 1, dy: 1, text: "x", emote: "poke" });
    }
    // One client's messages are handled in order: once Mallory's own move shows, every one before it was handled.
    const her = v.state.avatars.get(m.sessionId);
    const goal = { x: Math.round(her.x) - 40, y: Math.round(her.y) };
    m.send("space:move", goal);
    await untilState(v, () => v.state.avatars.get(m.sessionId)?.targetX === goal.x, 5_000, "Mallory's last message handled");
    const after = v.state.avatars.get(v.sessionId);
    assert.deepEqual({ x: after.x, y: after.y, tx: after.targetX, ty: after.targetY }, { x: spot.x, y: spot.y, tx: spot.x, ty: spot.y });
    assert.ok(bearer(w.victim));
  });
});
