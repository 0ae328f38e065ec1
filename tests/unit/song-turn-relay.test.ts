import assert from "node:assert/strict";
import { setImmediate as nextTurn } from "node:timers/promises";
import * as Y from "yjs";
import { TurnRelay } from "../../server/song/turn-relay.ts";

interface Sent {
  to: string;
  type: string;
  bytes: Uint8Array;
}

const READERS = ["ana", "bo", "cy", "di"];
const UPDATE = "song:y";

/** A room of four clients: every frame is recorded per recipient, as the wire would deliver it. */
function fakeRoom() {
  const sent: Sent[] = [];
  const relay = new TurnRelay<string>(
    {
      broadcast: (type, bytes, except) => {
        for (const to of READERS) if (!except.includes(to)) sent.push({ to, type, bytes });
      },
    },
    (update) => update,
    UPDATE,
  );
  return { sent, relay };
}

/** An editor's own document: each call types `text` and returns the update it made. */
function editor(id: number) {
  const doc = new Y.Doc();
  doc.clientID = id;
  return (text: string): Uint8Array => {
    let update: Uint8Array = new Uint8Array(0);
    doc.once("update", (u: Uint8Array) => {
      update = u;
    });
    doc.getText("verse").insert(doc.getText("verse").length, text);
    return update;
  };
}

/** What a recipient's document holds after applying every update frame it was sent. */
function textOf(sent: Sent[], to: string, own: Uint8Array[] = []): string {
  const doc = new Y.Doc();
  for (const u of own) Y.applyUpdate(doc, u);
  for (const s of sent) if (s.to === to && s.type === UPDATE) Y.applyUpdate(doc, s.bytes);
  return doc.getText("verse").toString();
}

describe("song turn relay", () => {
  it("[SG80] one turn's updates from three writers reach each client as one frame, the same merged update for all", async () => {
    const { sent, relay } = fakeRoom();
    const [a, b, c] = [editor(1), editor(2), editor(3)];
    const ua = a("A1");
    const ub = b("B1");
    const uc = c("C1");
    relay.update(ua, "ana");
    relay.update(ub, "bo");
    relay.update(uc, "cy");
    assert.equal(sent.length, 0, "nothing goes out before the turn ends");
    await nextTurn();
    for (const to of READERS) assert.equal(sent.filter((s) => s.to === to).length, 1, `${to} got one frame`);
    const all = textOf(sent, "di");
    assert.deepEqual([...all].sort().join(""), [..."A1B1C1"].sort().join(""));
    // Each writer's copy, with its own update and the frame it was sent, holds all three.
    assert.equal(textOf(sent, "ana", [ua]), all);
    assert.equal(textOf(sent, "bo", [ub]), all);
    assert.equal(textOf(sent, "cy", [uc]), all);
    assert.equal(new Set(sent.map((s) => Buffer.from(s.bytes).toString("hex"))).size, 1, "one merge, sent to all");
  });

  it("[SG80] one writer's burst goes out merged to the others and nothing to the writer", async () => {
    const { sent, relay } = fakeRoom();
    const a = editor(1);
    relay.update(a("he"), "ana");
    relay.update(a("llo"), "ana");
    await nextTurn();
    assert.deepEqual(
      sent.map((s) => s.to),
      ["bo", "cy", "di"],
    );
    assert.equal(textOf(sent, "bo"), "hello");
  });

  it("[SG80] frames queued in a turn follow its updates, and flush() sends at once (before a structural op)", async () => {
    const { sent, relay } = fakeRoom();
    relay.frame("song:aw", new Uint8Array([1]), "ana");
    relay.update(editor(1)("x"), "ana");
    relay.flush();
    assert.deepEqual(
      sent.filter((s) => s.to === "bo").map((s) => s.type),
      [UPDATE, "song:aw"],
    );
    await nextTurn();
    assert.equal(sent.filter((s) => s.to === "bo").length, 2, "the flush left nothing scheduled to send twice");
  });

  it("[SG80] a turn's updates past the byte cap go out without waiting; discard() drops the rest", async () => {
    const { sent, relay } = fakeRoom();
    const a = editor(1);
    relay.update(a("y".repeat(130_000)), "ana");
    assert.equal(sent.length, 3, "a paste past the cap is sent at once");
    relay.update(a("z"), "ana");
    relay.discard();
    await nextTurn();
    assert.equal(sent.length, 3);
  });
});
