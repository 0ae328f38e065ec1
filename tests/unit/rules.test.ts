import assert from "node:assert/strict";
import { cleanText, DisplayName } from "../../schema/rules/text.ts";
import { clampToBounds, stepToward } from "../../server/domain/movement.ts";
import { Router } from "../../server/http/router.ts";
import { json } from "../../server/http/reply.ts";

describe("shared rules", () => {
  it("[TX1] strips bidi overrides, controls and zero-width characters", () => {
    assert.equal(cleanText("a\u202Eb\u0000c\u200Bd"), "abcd");
    assert.equal(cleanText("  ＡＢＣ \n\t x "), "ABC x", "NFKC folds full-width letters; whitespace collapses");
  });

  it("[TX3] text of only invisible characters is empty: Hangul fillers, soft hyphens, braille blanks, tag characters, lone surrogates", () => {
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
