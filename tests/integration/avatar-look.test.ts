import assert from "node:assert/strict";
import { defaultLook } from "../../schema/rules/avatar-look.ts";
import { fakeIp, register, TEST_PASSWORD, type TestAccount, uniqueName } from "../helpers/accounts.ts";
import { api } from "../helpers/http.ts";
import { type AnyRoom, joinSpace, leaveQuietly, untilState } from "../helpers/sdk.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

interface StateAvatar {
  userId: string;
  shape: string;
  color: string;
  accessory: string;
}

/** Issue 12 feature 5: PUT /api/me/avatar stores the caller's look and dresses their avatars live. */
describe("avatar looks (real server)", function () {
  this.timeout(60_000);
  let server: TestServer;
  let ann: TestAccount;
  let ben: TestAccount;
  const rooms: AnyRoom[] = [];
  const avatarOf = (room: AnyRoom, userId: string): StateAvatar | undefined =>
    [...(room.state.avatars?.values() ?? [])].find((a: StateAvatar) => a.userId === userId) as StateAvatar | undefined;

  before(async () => {
    server = await startTestServer({ transport: "uws" });
    [ann, ben] = await Promise.all([register(server, uniqueName("ann")), register(server, uniqueName("ben"))]);
  });
  after(async () => {
    await Promise.all(rooms.map(leaveQuietly));
    await server.stop();
  });

  it("[AV1] a valid look is saved, shown on the profile, and everyone in the space sees it without rejoining", async () => {
    const annRoom = await joinSpace(server, ann.token, { map: "garden" });
    const benRoom = await joinSpace(server, ben.token, { map: "garden" });
    rooms.push(annRoom, benRoom);
    const fresh = defaultLook(ann.userId);
    await untilState(benRoom, () => avatarOf(benRoom, ann.userId)?.color === fresh.color, 5_000, "ann's default look");
    assert.equal(avatarOf(benRoom, ann.userId)?.shape, "round");

    const look = { shape: "star", color: fresh.color === "violet" ? "lime" : "violet", accessory: "headphones" };
    const res = await api(server, "PUT", "/api/me/avatar", ann, look);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, look);
    await untilState(benRoom, () => avatarOf(benRoom, ann.userId)?.accessory === "headphones", 5_000, "ann's new look at ben's");
    assert.deepEqual({ ...avatarOf(benRoom, ann.userId) }, { ...avatarOf(benRoom, ann.userId), ...look });
    const profile = await api(server, "GET", `/api/profiles/${ann.username}`);
    assert.deepEqual(profile.body.avatar, look);
    assert.deepEqual(avatarOf(benRoom, ben.userId)?.accessory, "none", "ben's own avatar is untouched");

    // Someone joining later reads the stored look.
    const late = await joinSpace(server, ben.token, { map: "garden" });
    rooms.push(late);
    await untilState(late, () => avatarOf(late, ann.userId)?.shape === "star", 5_000, "the stored look on join");
  });

  it("[AV2] values outside the fixed sets, extra fields and missing ones are refused with problem+json 400; nothing changes", async () => {
    const before = (await api(server, "GET", `/api/profiles/${ben.username}`)).body.avatar;
    const bad: unknown[] = [
      { shape: "triangle", color: "amber", accessory: "none" },
      { shape: "round", color: "#ff0000", accessory: "none" },
      { shape: "round", color: "amber", accessory: "crown<script>" },
      { shape: "round", color: "amber" },
      { shape: "round", color: "amber", accessory: "hat", css: "body{}" },
      "round",
    ];
    for (const body of bad) {
      const res = await fetch(`${server.baseUrl}/api/me/avatar`, {
        method: "PUT",
        headers: { authorization: `Bearer ${ben.token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.headers.get("content-type") ?? "", /application\/problem\+json/);
      const problem = (await res.json()) as { code: string; status: number };
      assert.equal(problem.code, "BAD_INPUT");
      assert.equal(problem.status, 400);
    }
    assert.deepEqual((await api(server, "GET", `/api/profiles/${ben.username}`)).body.avatar, before);
    assert.equal((await api(server, "PUT", "/api/me/avatar", undefined, { shape: "round", color: "amber", accessory: "none" })).status, 401);
  });

  it("[AV3] nobody can set another person's look: no path names them, a body naming them is refused, theirs stays", async () => {
    const annBefore = (await api(server, "GET", `/api/profiles/${ann.username}`)).body.avatar;
    const look = { shape: "square", color: "sand", accessory: "hat" };
    // The route acts on the caller only; naming the victim in the body is an unknown field.
    for (const extra of [{ username: ann.username }, { userId: ann.userId }]) {
      assert.equal((await api(server, "PUT", "/api/me/avatar", ben, { ...look, ...extra })).status, 400);
    }
    // There is no per-person door to aim at.
    for (const path of [`/api/profiles/${ann.username}/avatar`, `/api/users/${ann.userId}/avatar`]) {
      const status = (await api(server, "PUT", path, ben, look)).status;
      assert.ok(status === 404 || status === 405, `${path}: ${status}`);
    }
    // Ben's own save changes only Ben.
    assert.equal((await api(server, "PUT", "/api/me/avatar", ben, look)).status, 200);
    assert.deepEqual((await api(server, "GET", `/api/profiles/${ann.username}`)).body.avatar, annBefore);
    assert.deepEqual((await api(server, "GET", `/api/profiles/${ben.username}`)).body.avatar, look);
  });

  it("[AV4] a browser's save needs the session's CSRF token and a same-site origin, and is budgeted per person", async () => {
    const signUp = await fetch(`${server.baseUrl}/api/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": fakeIp() },
      body: JSON.stringify({ username: uniqueName("web"), password: TEST_PASSWORD }),
    });
    assert.equal(signUp.status, 201);
    const { csrfToken } = (await signUp.json()) as { csrfToken: string };
    const cookie = (signUp.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const put = (headers: Record<string, string>) =>
      fetch(`${server.baseUrl}/api/me/avatar`, {
        method: "PUT",
        headers: { cookie, "content-type": "application/json", ...headers },
        body: JSON.stringify({ shape: "tall", color: "sky", accessory: "scarf" }),
      });
    assert.equal((await put({})).status, 403, "no CSRF token");
    assert.equal((await put({ "x-csrf-token": csrfToken, origin: "https://evil.example" })).status, 403, "a foreign origin");
    assert.equal((await put({ "x-csrf-token": csrfToken })).status, 200);
    // 20 a minute per person: the budget runs out and says so (429 problem+json).
    let limited: Response | null = null;
    for (let i = 0; i < 25 && !limited; i++) {
      const res = await put({ "x-csrf-token": csrfToken });
      if (res.status === 429) limited = res;
      else assert.equal(res.status, 200);
    }
    assert.ok(limited, "the budget ran out within 25 saves");
    assert.match(limited.headers.get("content-type") ?? "", /application\/problem\+json/);
  });
});
