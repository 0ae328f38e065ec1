import { deflateSync } from "node:zlib";
import { crc32, PNG_SIGNATURE } from "../../schema/codeground/preview.ts";

export interface PngOptions {
  /** RGB of every pixel; a two-colour stripe pattern when `stripes` is set. */
  color?: [number, number, number];
  stripes?: [number, number, number];
  /** Extra chunks written before IEND (type, data). */
  extra?: Array<[string, Uint8Array]>;
  /** Bytes appended after IEND. */
  tail?: Uint8Array;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A real RGB PNG of `width`×`height` (tests only): what a canvas encoder writes, minus colour chunks. */
export function makePng(width: number, height: number, options: PngOptions = {}): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const [r, g, b] = options.color ?? [200, 40, 90];
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const c = options.stripes && x % 8 < 4 ? options.stripes : [r, g, b];
      row.set(c, 1 + x * 3);
    }
    rows.push(row);
  }
  const parts = [Buffer.from(PNG_SIGNATURE), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(Buffer.concat(rows)))];
  for (const [type, data] of options.extra ?? []) parts.push(chunk(type, data));
  parts.push(chunk("IEND", new Uint8Array(0)));
  if (options.tail) parts.push(Buffer.from(options.tail));
  return Buffer.concat(parts);
}

/** A PNG header claiming `width`×`height` with a tiny body (a decompression-bomb shape). */
export function hugeHeaderPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from(PNG_SIGNATURE), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(Buffer.alloc(1024))), chunk("IEND", new Uint8Array(0))]);
}
