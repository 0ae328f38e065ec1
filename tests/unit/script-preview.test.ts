import assert from "node:assert/strict";
import { crc32, inspectPng, PREVIEW_LIMITS } from "../../schema/codeground/preview.ts";
import { parseFrameMessage, parseHostMessage } from "../../schema/codeground/sandbox.ts";
import { hugeHeaderPng, makePng } from "../helpers/png.ts";

const problemOf = (bytes: Uint8Array) => {
  const r = inspectPng(bytes);
  return r.ok ? "ok" : r.problem;
};

describe("script previews: the PNG check and the sandbox wire", () => {
  it("[CGP5] the PNG check: signature, IHDR first and bounded, CRCs, allowed chunks only, IEND last, byte cap", () => {
    assert.equal(crc32(new TextEncoder().encode("IEND")), 0xae426082, "the CRC every PNG's IEND carries");
    assert.deepEqual(inspectPng(makePng(320, 240)), { ok: true, width: 320, height: 240 });
    assert.deepEqual(inspectPng(makePng(PREVIEW_LIMITS.maxWidth, PREVIEW_LIMITS.maxHeight, { extra: [["sRGB", new Uint8Array([0])], ["pHYs", new Uint8Array(9)]] })), {
      ok: true,
      width: PREVIEW_LIMITS.maxWidth,
      height: PREVIEW_LIMITS.maxHeight,
    });
    assert.equal(problemOf(new Uint8Array(0)), "signature");
    assert.equal(problemOf(new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".padEnd(100))), "signature");
    assert.equal(problemOf(hugeHeaderPng(100_000, 100_000)), "dimensions");
    assert.equal(problemOf(hugeHeaderPng(0, 10)), "dimensions");
    assert.equal(problemOf(makePng(10, PREVIEW_LIMITS.maxHeight + 1)), "dimensions");
    assert.equal(problemOf(makePng(8, 8, { extra: [["tEXt", new TextEncoder().encode("k\0v")]] })), "structure");
    assert.equal(problemOf(makePng(8, 8, { extra: [["eXIf", new Uint8Array(4)]] })), "structure");
    assert.equal(problemOf(makePng(8, 8, { extra: [["IHDR", new Uint8Array(13)]] })), "structure", "a second IHDR");
    assert.equal(problemOf(makePng(8, 8, { tail: new Uint8Array([0]) })), "structure", "a byte after IEND");
    const good = makePng(8, 8);
    assert.equal(problemOf(good.subarray(0, good.length - 1)), "structure", "cut short");
    const flipped = Buffer.from(good);
    flipped[20] = (flipped[20] as number) ^ 1; // inside IHDR's data
    assert.equal(problemOf(flipped), "structure", "a wrong CRC");
    const lying = Buffer.from(good);
    lying.writeUInt32BE(0xfffffff0, 8); // IHDR's length
    assert.equal(problemOf(lying), "structure", "a length past the end");
    assert.equal(problemOf(makePng(8, 8, { extra: [["IDAT", new Uint8Array(PREVIEW_LIMITS.maxBytes)]] })), "size");
  });

  it("[CGP6] the sandbox wire carries a preview only when it is a checked PNG", () => {
    const png = new Uint8Array(makePng(320, 240));
    assert.deepEqual(parseHostMessage({ type: "capture", runId: 3 }), { type: "capture", runId: 3 });
    assert.equal(parseHostMessage({ type: "capture", runId: 3, url: "https://evil.example/" }), null);
    const ok = parseFrameMessage({ type: "preview", runId: 3, png });
    assert.ok(ok && ok.type === "preview" && ok.png.byteLength === png.byteLength);
    assert.ok(parseFrameMessage({ type: "preview-failed", runId: 3, message: "the run was stopped" }));
    assert.equal(parseFrameMessage({ type: "preview", runId: 3, png: Array.from(png) }), null, "bytes only, as a Uint8Array");
    assert.equal(parseFrameMessage({ type: "preview", runId: 3, png: new TextEncoder().encode("<html>".padEnd(80)) }), null, "not a PNG");
    assert.equal(parseFrameMessage({ type: "preview", runId: 3, png: new Uint8Array(makePng(PREVIEW_LIMITS.maxWidth + 1, 8)) }), null, "too wide");
    assert.equal(parseFrameMessage({ type: "preview", runId: 3, png: new Uint8Array(PREVIEW_LIMITS.maxBytes + 1) }), null, "too many bytes");
    assert.equal(parseFrameMessage({ type: "preview", runId: 3, png: "data:image/png;base64,AAAA" }), null, "no URLs");
  });
});
