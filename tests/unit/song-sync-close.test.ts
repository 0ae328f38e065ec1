import assert from "node:assert/strict";
import { ServerMessage } from "../../schema/protocol.ts";
import { type BytesRoom, CLOSED_BEFORE_ANSWER, ClosedBeforeAnswer, SongSync } from "../../client/src/net/song-sync.ts";

/** A room that records what was sent and lets the test deliver messages and the leave. */
function fakeSongRoom() {
  const handlers = new Map<string, (payload: never) => void>();
  let left: ((code: number) => void) | undefined;
  const sent: Array<{ type: string; message: unknown }> = [];
  const room: BytesRoom = {
    send: (type, message) => sent.push({ type, message }),
    sendBytes: () => undefined,
    onMessage: (type, cb) => handlers.set(type, cb),
    onLeave: (cb) => {
      left = cb;
    },
  };
  return {
    room,
    sent,
    deliver: (type: string, payload: unknown) => handlers.get(type)?.(payload as never),
    leave: (code: number) => left?.(code),
  };
}

describe("SongSync when the room closes", () => {
  it("[SG84] ops and waits still unanswered when the room leaves are refused in words, at once; later ones too; answered ones stay answered", async () => {
    const fake = fakeSongRoom();
    const sync = new SongSync(fake.room);
    const answered = sync.op({ op: "song.retitle", title: "A" });
    const unanswered = sync.op({ op: "song.retitle", title: "B" });
    const first = fake.sent.at(-2)?.message as { requestId: string };
    fake.deliver(ServerMessage.SONG_ACK, { seq: 1, requestId: first.requestId });
    assert.equal(await answered, 1);
    sync.text("v1").insert(0, "typed"); // a Yjs update the room never acknowledges
    const waiting = sync.flushed();
    fake.leave(1006);
    await assert.rejects(unanswered, ClosedBeforeAnswer);
    await assert.rejects(waiting, { message: CLOSED_BEFORE_ANSWER });
    await assert.rejects(sync.op({ op: "song.retitle", title: "C" }), { message: CLOSED_BEFORE_ANSWER });
    await assert.rejects(sync.flushed(), { message: CLOSED_BEFORE_ANSWER });
    assert.equal(fake.sent.length, 2, "nothing is sent after the leave");
    assert.equal(sync.unconfirmed, 2, "the unanswered op and the unacknowledged prose update stay unconfirmed");
  });
});
