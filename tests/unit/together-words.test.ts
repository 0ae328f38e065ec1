import assert from "node:assert/strict";
import { CloseCode } from "../../schema/protocol.ts";
import { closeWords, joinRefusalWords, outcomeWords, timerWords, togetherAddress } from "../../client/src/song/together-words.ts";

/**
 * The words of a group reading (client/src/song/together-words.ts): what a closed vote
 * decided, the timer, and why a session could not open or closed, as sentences.
 */
const LABELS = new Map([
  ["a", "door A"],
  ["b", "door B"],
]);
const label = (id: string) => LABELS.get(id) ?? id;

describe("the together reader's words", () => {
  it("[SGC2] a closed vote names the winner by its label with its share; a tie says the tie-break picked it, the same for everyone", () => {
    assert.equal(
      outcomeWords({ step: 0, winner: "a", counts: [{ choice: "a", votes: 2 }, { choice: "b", votes: 1 }], tied: [], verse: "x" }, label),
      "The vote closed: “door A” won with 2 votes of 3.",
    );
    assert.equal(
      outcomeWords({ step: 1, winner: "b", counts: [{ choice: "a", votes: 1 }, { choice: "b", votes: 1 }], tied: ["a", "b"], verse: "y" }, label),
      "The vote closed in a tie between “door A” and “door B” (1 vote each). The tie-break, the same for every reader, picked “door B”.",
    );
  });

  it("[SGC3] the timer reads the server's seconds; an ending and a mood with no way on say so; refusals and closes are words, never codes", () => {
    assert.equal(timerWords(1, false, 2), "The vote closes in 1 second, or as soon as every reader has voted.");
    assert.equal(timerWords(12, false, 2), "The vote closes in 12 seconds, or as soon as every reader has voted.");
    assert.match(timerWords(0, true, 0), /No vote is open at an ending/);
    assert.match(timerWords(5, false, 0), /No way on is open to the room's mood.*start the reading again/);
    assert.match(joinRefusalWords(Object.assign(new Error("no such version"), { code: 404 })), /does not exist/);
    assert.match(joinRefusalWords(Object.assign(new Error("x"), { code: 401 })), /not signed in/);
    const banned = closeWords(CloseCode.BANNED);
    assert.match(banned, /reading session closed.*banned/);
    assert.doesNotMatch(banned, /\d{4}/);
    assert.equal(togetherAddress("s 1", "v/2"), "#/songs/s%201/together/v%2F2");
  });
});
