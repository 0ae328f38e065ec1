import assert from "node:assert/strict";
import { PROTOCOL_VERSION, ServerMessage } from "../../schema/protocol.ts";
import type { FriendOnline, InboxEvent, NotificationPage, SpaceCount } from "../../schema/replies/notifications.ts";
import { register, type TestAccount, uniqueName } from "../helpers/accounts.ts";
import { api } from "../helpers/http.ts";
import { type AnyRoom, joinSpace, leaveQuietly, nextMessage, sdkClient } from "../helpers/sdk.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

describe("notifications and who is online (real server)", function () {
  this.timeout(90_000);
  let server: TestServer;
  let ann: TestAccount;
  let ben: TestAccount;
  let cat: TestAccount;
  const rooms: AnyRoom[] = [];
  const inbox = async (who: TestAccount, before?: string) =>
    (await api(server, "GET", `/api/me/notifications${before ? `?before=${before}` : ""}`, who)).body as unknown as NotificationPage;
  const unread = async (who: TestAccount) => ((await api(server, "GET", "/api/me/notifications/unread", who)).body as { unread: number }).unread;

  before(async () => {
    server = await startTestServer({ transport: "uws" });
    [ann, ben, cat] = await Promise.all([register(server, uniqueName("ann")), register(server, uniqueName("ben")), register(server, uniqueName("cat"))]);
  });
  after(async () => {
    await Promise.all(rooms.map(leaveQuietly));
    await server.stop();
  });

  it("[NT1] a wall post, a reply, a reaction and a follow each notify the one they happened to, never the actor", async () => {
    const post = await api(server, "POST", `/api/walls/${ann.username}/posts`, ben, { text: "hello ann" });
    assert.equal(post.status, 201);
    const postId = post.body.id as string;
    await api(server, "POST", `/api/walls/${ann.username}/posts`, ann, { text: "my own wall" });
    await api(server, "POST", `/api/walls/${ann.username}/posts`, ann, { text: "thanks ben", parentId: postId });
    // Reacting twice, and off and on again, collapses into one notification.
    for (const method of ["PUT", "PUT", "DELETE", "PUT"]) await api(server, method, `/api/posts/${postId}/reactions/love`, ann);
    await api(server, "PUT", `/api/posts/${postId}/reactions/love`, ben); // ben's own post: nothing
    await api(server, "POST", `/api/profiles/${ann.username}/follow`, ben);

    const forAnn = await inbox(ann);
    assert.deepEqual(
      forAnn.notifications.map((n) => [n.kind, n.actor.username, n.wall, n.postId]),
      [
        ["follow", ben.username, null, null],
        ["wall-post", ben.username, ann.username, postId],
      ],
    );
    assert.equal(forAnn.notifications[1]?.excerpt, "hello ann");
    assert.equal(forAnn.unread, 2);
    const forBen = await inbox(ben);
    assert.deepEqual(
      forBen.notifications.map((n) => [n.kind, n.actor.username, n.wall, n.postId]),
      [
        ["reaction", ann.username, ann.username, postId],
        ["reply", ann.username, ann.username, postId],
      ],
    );
  });

  it("[NT2] a read marks one of one's own (someone else's id is 404) or all, and the count follows", async () => {
    const [first, second] = (await inbox(ann)).notifications;
    assert.ok(first && second);
    assert.equal((await api(server, "POST", "/api/me/notifications/read", ben, { id: first.id })).status, 404, "not ben's");
    assert.equal(await unread(ann), 2, "ben's attempt changed nothing");
    const one = await api(server, "POST", "/api/me/notifications/read", ann, { id: first.id });
    assert.deepEqual([one.status, one.body], [200, { unread: 1 }]);
    assert.equal((await inbox(ann)).notifications[0]?.read, true);
    assert.equal((await api(server, "POST", "/api/me/notifications/read", ann, { id: "no-such-id" })).status, 404);
    assert.equal((await api(server, "POST", "/api/me/notifications/read", ann, { id: 7 })).status, 400);
    assert.deepEqual((await api(server, "POST", "/api/me/notifications/read", ann, {})).body, { unread: 0 });
    assert.equal(await unread(ben), 2, "marking all marks only the caller's");
    assert.equal((await api(server, "GET", "/api/me/notifications")).status, 401);
  });

  it("[NT3] a new notification is pushed live to the reader's inbox room with the unread count", async () => {
    const room = await sdkClient(server, ann.token).joinOrCreate("inbox", { protocol: PROTOCOL_VERSION, userId: ben.userId });
    rooms.push(room);
    // On joining, the inbox says the current count (NT2 read everything).
    assert.equal((await nextMessage<InboxEvent>(room, ServerMessage.INBOX_EVENT)).unread, 0);
    const live = nextMessage<InboxEvent>(room, ServerMessage.INBOX_EVENT);
    await api(server, "POST", `/api/walls/${ann.username}/posts`, cat, { text: "live one" });
    const event = await live;
    assert.equal(event.unread, 1);
    assert.equal(event.notification?.kind, "wall-post");
    assert.equal(event.notification?.actor.username, cat.username);
    const cleared = nextMessage<InboxEvent>(room, ServerMessage.INBOX_EVENT);
    await api(server, "POST", "/api/me/notifications/read", ann, {});
    assert.equal((await cleared).unread, 0);
    // Ben cannot get into ann's inbox, neither by naming her nor by its room id.
    const bens = await sdkClient(server, ben.token).joinOrCreate("inbox", { protocol: PROTOCOL_VERSION, userId: ann.userId });
    rooms.push(bens);
    assert.notEqual(bens.roomId, room.roomId, "the inbox is chosen by the session, not the options");
    await assert.rejects(sdkClient(server, ben.token).joinById(room.roomId, { protocol: PROTOCOL_VERSION }));
  });

  it("[NT4] lists page newest first with a cursor, without repeats or gaps", async () => {
    const authors = [ben, cat];
    for (let i = 0; i < 24; i++) {
      const r = await api(server, "POST", `/api/walls/${ann.username}/posts`, authors[i % 2] as TestAccount, { text: `note ${i}` });
      assert.equal(r.status, 201);
    }
    const seen: string[] = [];
    let page = await inbox(ann);
    seen.push(...page.notifications.map((n) => n.id));
    assert.equal(page.notifications.length, 20);
    while (page.next) {
      page = await inbox(ann, page.next);
      seen.push(...page.notifications.map((n) => n.id));
    }
    assert.equal(seen.length, 2 + 1 + 24, "follow, two earlier posts, 24 new ones");
    assert.equal(new Set(seen).size, seen.length);
    assert.equal((await inbox(ann)).notifications[0]?.excerpt, "note 23");
    assert.equal((await api(server, "GET", "/api/me/notifications?before=garbage!", ann)).status, 400);
  });

  it("[NT7] forking someone's published script notifies its owner once; forking one's own does not", async () => {
    const script = await api(server, "POST", "/api/scripts", cat, { title: "orbit", source: "print(1)" });
    const version = await api(server, "POST", `/api/scripts/${script.body.id}/publish`, cat);
    assert.equal(version.status, 201, JSON.stringify(version.body));
    for (let i = 0; i < 2; i++) assert.equal((await api(server, "POST", `/api/script-versions/${version.body.id}/fork`, ben)).status, 201);
    assert.equal((await api(server, "POST", `/api/script-versions/${version.body.id}/fork`, cat)).status, 201);
    const forks = (await inbox(cat)).notifications.filter((n) => n.kind === "fork");
    assert.deepEqual(
      forks.map((n) => [n.actor.username, n.scriptId, n.excerpt]),
      [[ben.username, script.body.id, "orbit"]],
    );
  });

  it("[ON1] head counts per map and friends seated in a space, with their room", async () => {
    const annSpace = await joinSpace(server, ann.token, { map: "garden" });
    rooms.push(annSpace);
    const catSpace = await joinSpace(server, cat.token, { map: "plaza" });
    rooms.push(catSpace);
    const counts = ((await api(server, "GET", "/api/spaces/online")).body as { spaces: SpaceCount[] }).spaces;
    assert.deepEqual(
      counts.filter((c) => c.people > 0).map((c) => [c.map, c.people]),
      [
        ["garden", 1],
        ["plaza", 1],
      ],
    );
    // Ben follows ann (NT1) but not cat: only ann shows, with her map and room.
    const friends = ((await api(server, "GET", "/api/me/friends-online", ben)).body as { friends: FriendOnline[] }).friends;
    assert.deepEqual(friends, [{ username: ann.username, displayName: ann.username, map: "garden", roomId: annSpace.roomId }]);
    assert.deepEqual(((await api(server, "GET", "/api/me/friends-online", cat)).body as { friends: FriendOnline[] }).friends, []);
    await leaveQuietly(annSpace);
    const later = ((await api(server, "GET", "/api/me/friends-online", ben)).body as { friends: FriendOnline[] }).friends;
    assert.deepEqual(later, [], "a friend who left is no longer online");
    assert.equal((await api(server, "GET", "/api/me/friends-online")).status, 401);
  });
});
