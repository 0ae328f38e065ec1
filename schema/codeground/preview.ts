/**
 * The still preview of a published script: a small PNG the publisher's browser captures
 * from the sandbox canvas (never rendered on the server). The sandbox frame, the host
 * page and the server all check it with `inspectPng` below, so all three agree on what a
 * preview may be. Pure: no Node or DOM imports (the browser bundle includes it).
 */

export const PREVIEW_LIMITS = {
  /** Largest PNG, bytes. */
  maxBytes: 64 * 1024,
  /** Largest width and height: the sandbox canvas itself (a preview is never larger). */
  maxWidth: 480,
  maxHeight: 360,
  /** What the sandbox captures first (the canvas scaled down, same 4:3). */
  width: 320,
  height: 240,
  /** The smaller try when the first one is over maxBytes (a very noisy picture). */
  fallbackWidth: 160,
  fallbackHeight: 120,
  /** Animated scripts are captured after this many frames (about half a second). */
  frames: 30,
  /** The frame captures whatever is drawn by then, frames or not (hidden or throttled frames). */
  deadlineMs: 1500,
} as const;

/** The eight bytes every PNG starts with. */
export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/**
 * Chunks a preview may hold: the critical ones and colour-space hints browsers write. Text
 * and metadata chunks (tEXt, zTXt, iTXt, eXIf) and anything unknown are refused, so the
 * file carries pixels and nothing else.
 */
const ALLOWED_CHUNKS = new Set(["IHDR", "PLTE", "IDAT", "IEND", "tRNS", "sRGB", "gAMA", "cHRM", "iCCP", "sBIT", "pHYs", "bKGD"]);

/** At most this many chunks (a canvas encoder writes a handful; IDAT may be split). */
const MAX_CHUNKS = 256;

export type PngProblem = "size" | "signature" | "structure" | "dimensions";

export type PngCheck = { ok: true; width: number; height: number } | { ok: false; problem: PngProblem; detail: string };

const fail = (problem: PngProblem, detail: string): PngCheck => ({ ok: false, problem, detail });

/**
 * A strict PNG check without decoding pixels: byte cap, signature, IHDR first with
 * bounded dimensions, every chunk's length and CRC, allowed chunk types only, IEND last
 * and nothing after it (no polyglot tail).
 */
export function inspectPng(bytes: Uint8Array): PngCheck {
  if (bytes.byteLength > PREVIEW_LIMITS.maxBytes) return fail("size", `the preview is ${bytes.byteLength} bytes; at most ${PREVIEW_LIMITS.maxBytes}`);
  if (bytes.byteLength < 8 + 25 + 12 || !PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return fail("signature", "the preview is not a PNG");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  let width = 0;
  let height = 0;
  for (let n = 0; n < MAX_CHUNKS; n++) {
    if (at + 12 > bytes.byteLength) return fail("structure", "the PNG ends inside a chunk header");
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const end = at + 12 + length;
    if (length > bytes.byteLength || end > bytes.byteLength) return fail("structure", `the ${safeName(type)} chunk runs past the end`);
    if (!ALLOWED_CHUNKS.has(type)) return fail("structure", `the PNG holds a ${safeName(type)} chunk (pixels only, please)`);
    if ((n === 0) !== (type === "IHDR")) return fail("structure", "IHDR must come first, once");
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)) return fail("structure", `the ${type} chunk's CRC is wrong`);
    if (type === "IHDR") {
      if (length !== 13) return fail("structure", "IHDR has the wrong length");
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      if (width < 1 || height < 1 || width > PREVIEW_LIMITS.maxWidth || height > PREVIEW_LIMITS.maxHeight) {
        return fail("dimensions", `the preview is ${width}×${height}; at most ${PREVIEW_LIMITS.maxWidth}×${PREVIEW_LIMITS.maxHeight}`);
      }
    }
    if (type === "IEND") {
      if (end !== bytes.byteLength) return fail("structure", "bytes follow IEND");
      return { ok: true, width, height };
    }
    at = end;
  }
  return fail("structure", `more than ${MAX_CHUNKS} chunks`);
}

/** Chunk names come from the file: printable letters only in messages. */
function safeName(type: string): string {
  return /^[A-Za-z]{4}$/.test(type) ? type : "unnamed";
}

let table: Uint32Array | null = null;

/** CRC-32 (ISO 3309, as PNG uses it). */
export function crc32(data: Uint8Array): number {
  table ??= makeTable();
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = (table[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function makeTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}
