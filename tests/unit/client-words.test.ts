import assert from "node:assert/strict";
import { describeClose, describeJoinFailure, describeTransportError } from "../../client/src/net/close-reasons.ts";
import { rejoinMayRetry, rejoinWords, shouldRejoin } from "../../client/src/net/rejoin.ts";
import { describeStatus } from "../../client/src/ui/status-bar.ts";
import { songLeftWords } from "../../client/src/views/song-view.ts";
import { CloseCode, RESTART_WORDS } from "../../schema/protocol.ts";

/** Issue 12 item 7: what the status lines say is true and in words, never a raw number. */
describe("client status words", () => {
  const codes = [...Object.values(CloseCode), 1000, 1001, 1005, 1006, 1011, 4000, 4001, 4002, 4003, 4010, 4999, 3000, 1234];

  it("[UXW1] every close code gets words, and none shows its number", () => {
    for (const code of codes) {
      for (const reason of [undefined, "room is full"]) {
        const words = describeClose(code, reason);
        assert.ok(words.length > 10, `${code}: "${words}"`);
        assert.doesNotMatch(words, /\d{3,}|undefined|code/i, `${code}: "${words}"`);
      }
    }
    for (const status of [401, 426, 429, 500, 503, 404]) {
      const { message } = describeJoinFailure(Object.assign(new Error(""), { code: status }));
      assert.doesNotMatch(message, /\d{3,}|undefined|HTTP/i, `${status}: "${message}"`);
    }
    assert.doesNotMatch(describeTransportError(undefined), /undefined/);
  });

  it("[UXW2] the line knows whether someone is signed in and which space is open", () => {
    assert.equal(describeStatus({ kind: "idle" }, { signedIn: false, place: "" }), "Not connected. Sign in to enter.");
    assert.doesNotMatch(describeStatus({ kind: "idle" }, { signedIn: true, place: "" }), /sign in/i);
    assert.match(describeStatus({ kind: "connected", roomId: "r", sessionId: "s" }, { signedIn: true, place: "The Garden" }), /Connected.*The Garden/);
  });

  it("[UXW3] after a restart or a lost process the client rejoins, saying so in words; after a kick it does not", () => {
    for (const code of [CloseCode.SERVER_SHUTDOWN, 4001, 4003, 1006]) {
      assert.equal(shouldRejoin(code), true, `${code} rejoins`);
      assert.doesNotMatch(rejoinWords(code), /\d/, `${code}: words only`);
      assert.match(rejoinWords(code), /putting you back/);
    }
    assert.equal(rejoinWords(CloseCode.SERVER_SHUTDOWN), RESTART_WORDS);
    assert.equal(describeClose(CloseCode.SERVER_SHUTDOWN), RESTART_WORDS);
    const kicks = [CloseCode.SESSION_REVOKED, CloseCode.SESSION_EXPIRED, CloseCode.BANNED, CloseCode.ROLE_CHANGED, CloseCode.RATE_LIMITED];
    for (const code of [...kicks, CloseCode.BAD_INPUT, CloseCode.FRAME_TOO_LARGE, CloseCode.PROTOCOL_MISMATCH, 1000, 4000, 4002]) {
      assert.equal(shouldRejoin(code), false, `${code} stays closed`);
    }
    // A failed attempt: keep trying when nobody answered or the server was busy; stop when signed out or out of date.
    for (const code of [null, 503, 500, 404, CloseCode.RATE_LIMITED]) assert.equal(rejoinMayRetry(code), true, `${code} retries`);
    for (const code of [CloseCode.SESSION_REVOKED, CloseCode.BANNED, CloseCode.PROTOCOL_MISMATCH]) assert.equal(rejoinMayRetry(code), false, `${code} stops`);
    assert.equal(describeStatus({ kind: "reconnecting", code: 4503, message: RESTART_WORDS }, { signedIn: true, place: "The Garden" }), RESTART_WORDS);
    // The Song editor says whether anything it sent was left unconfirmed, in words.
    assert.match(songLeftWords(CloseCode.SERVER_SHUTDOWN, 0), /server restarted.*Every change you made is saved/);
    assert.match(songLeftWords(CloseCode.SERVER_SHUTDOWN, 2), /last 2 changes were not confirmed as saved/);
    for (const code of [CloseCode.SERVER_SHUTDOWN, 1006, 4401]) assert.doesNotMatch(songLeftWords(code, 0), /\d{3,}/);
  });
});
