import assert from "node:assert/strict";
import { Decoder, Encoder } from "@colyseus/schema";
import { cleanMultiline, cleanText, DisplayName, wellFormed } from "../../schema/rules/text.ts";
import { Avatar } from "../../schema/state/space.ts";
import { sessionActor } from "../../server/auth/sessions.ts";
import type { SessionDoc, UserDoc } from "../../server/auth/types.ts";
import { clampToBounds, stepToward } from "../../server/domain/movement.ts";
import { Router } from "../../server/http/router.ts";
import { json } from "../../server/http/reply.ts";

describe("shared rules", () => {
  it("[TX1] strips bidi overrides, controls and zero-width characters", () => {
    assert.equal(cleanText("a\u202Eb\u0000c\u200Bd"), "abcd");
    assert.equal(cleanText("  ＡＢＣ \n\t x "), "ABC x", "NFKC folds full-width letters; whitespace collapses");
  });

  it("[TX6] text of only invisible characters is empty: Hangul fillers, soft hyphens, braille blanks, tag characters, lone surrogates", () => {
    for (const blank of ["\u3164", "\uFFA0", "\u115F\u1160", "\u00AD", "\u2800\u2800", "\u034F", "\u180E", "\u{E0041}\u{E0042}", "\uFE0F", "\uD800", "\uDC00 \uFE0F"]) {
      assert.equal(cleanText(blank), "", `U+${blank.codePointAt(0)?.toString(16)} is cleaned away`);
      assert.equal(DisplayName.safeParse(blank).success, false);
    }
    assert.equal(cleanText("a\uD800b\u{E0041}c"), "abc");
    assert.equal(cleanText("\u2764\uFE0F \u{1F600}"), "\u2764\uFE0F \u{1F600}", "a variation selector after its character and astral emoji stay");
  });

  it("[TX2] display names are cleaned then bounded", () => {
    assert.equal(DisplayName.parse(" ada\u202E "), "ada");
    assert.equal(DisplayName.safeParse("\u202E\u200B").success, false);
    assert.equal(DisplayName.safeParse("x".repeat(25)).success, false);
  });

  it("[TX3] lone surrogates are dropped, pairs kept (a lone one desyncs @colyseus/schema's string length)", () => {
    assert.equal(cleanText("Bob\ud800"), "Bob");
    assert.equal(cleanText("\udc00a\ud83d"), "a");
    assert.equal(cleanText("hi \ud83d\ude00"), "hi \ud83d\ude00", "an emoji (a surrogate pair) stays");
    assert.equal(cleanMultiline("one\ud800\ntwo\udfff"), "one\ntwo");
    assert.equal(DisplayName.safeParse("\ud800\udbff").success, false, "nothing left: empty");
  });

  it("[TX4] invisible (default-ignorable) characters are removed; a display name needs something to see", () => {
    // Soft hyphen, Hangul fillers, Mongolian vowel separator, tag characters, combining grapheme joiner.
    assert.equal(cleanText("a\u00adb\u3164c\u115f\u1160d\u180ee\udb40\udc41f\u034fg"), "abcdefg");
    assert.equal(cleanText("\u2764\ufe0f"), "\u2764\ufe0f", "the emoji presentation selector stays");
    for (const blank of ["\u3164\u3164", "\u00ad", "\u2800\u2800", "\u0301\u0301", "\ufe0f"]) {
      assert.equal(DisplayName.safeParse(blank).success, false, JSON.stringify(blank));
    }
    assert.equal(DisplayName.parse("\u2800ada\u0301"), "ad\u00e1", "the braille blank goes too (TX6)");
  });

  it("[TX5] a run of combining marks is cut to four (Zalgo text draws over the lines around it)", () => {
    const zalgo = `Z${"\u0336\u0310\u0352".repeat(6)}oe`;
    assert.match(cleanText(zalgo), /^Z\p{M}{4}oe$/u);
    assert.equal(cleanMultiline(`a${"\u0301".repeat(999)}\nb`), "\u00e1\u0301\u0301\u0301\u0301\nb", "NFKC composes the first");
    assert.equal(cleanText("Vi\u1ec7t \u0915\u094d\u0937"), "Vi\u1ec7t \u0915\u094d\u0937", "real scripts keep their marks");
  });

  it("[TX7] text put into room state is well-formed: a name stored with a lone surrogate (before TX3) no longer breaks the room's patches", () => {
    const decodeAvatar = (name: string) => {
      const encoded = new Encoder(new Avatar({ userId: "u1", name, x: 42 } as never) as never).encodeAll();
      const decoded = new Avatar();
      new Decoder(decoded as never).decode(encoded);
      return { userId: decoded.userId, name: decoded.name, x: decoded.x };
    };
    assert.notDeepEqual(decodeAvatar("Bob\ud800"), { userId: "u1", name: "Bob\ud800", x: 42 }, "the encoder's flaw this guards against");
    const user = { _id: "u1", username: "bob", displayName: "Bob\ud800", role: "user" } as unknown as UserDoc;
    const actor = sessionActor(user, { _id: "s1" } as unknown as SessionDoc);
    assert.equal(actor.displayName, "Bob");
    assert.deepEqual(decodeAvatar(actor.displayName), { userId: "u1", name: "Bob", x: 42 });
    assert.equal(wellFormed("ok \ud83d\ude00"), "ok \ud83d\ude00", "pairs stay");
  });

  it("[MV1] steps never exceed the limit and land exactly on the target", () => {
    const next = stepToward({ x: 0, y: 0 }, { x: 300, y: 400 }, 10);
    assert.ok(Math.abs(Math.hypot(next.x, next.y) - 10) < 1e-9);
    assert.deepEqual(stepToward({ x: 0, y: 0 }, { x: 3, y: 4 }, 10), { x: 3, y: 4 });
    assert.deepEqual(clampToBounds({ x: -50, y: 9999 }, { width: 100, height: 100 }, 5), { x: 5, y: 95 });
  });

  it("[RT1] router matches params, reports allowed methods, and ignores bad escapes", () => {
    const r = new Router().add({ method: "GET", access: "public", path: "/api/users/:name", handler: async () => json(200, {}) });
    const found = r.match("GET", "/api/users/ad%20a");
    assert.equal(found.kind, "found");
    assert.deepEqual(found.kind === "found" && found.params, { name: "ad a" });
    assert.deepEqual(r.match("DELETE", "/api/users/x"), { kind: "method-not-allowed", allow: ["GET"] });
    assert.equal(r.match("GET", "/api/users/%E0%A4%A").kind, "not-found");
    assert.equal(r.match("HEAD", "/api/users/x").kind, "found");
  });
});
