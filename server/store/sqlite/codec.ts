/**
 * How the sqlite engine keeps what JSON cannot: a `Date` is stored as
 * `{"$date":"<ISO 8601>"}` and a `Uint8Array` (or Buffer) as `{"$binary":"<base64>"}`
 * (EJSON-like tags, not full EJSON). Reading turns the tags back into a `Date` and a plain
 * `Uint8Array`. Stored keys can never start with `$` (values.ts refuses them), so a
 * tag is never mistaken for data.
 *
 * Indexed paths hold scalars only (docs.ts), so a tag never reaches an index or an SQL
 * comparison; filters on tagged values run in mingo over decoded documents, where Dates
 * compare by time and byte arrays by content, as in Mongo.
 */
import type { Doc } from "../types.ts";

const DATE_TAG = "$date";
const BINARY_TAG = "$binary";

/** JSON text of a document, with Dates and byte arrays tagged. */
export function encodeDoc(doc: Doc): string {
  return JSON.stringify(doc, tagReplacer);
}

/** The document a row holds, with tags turned back into values. */
export function decodeDoc(text: string): Doc {
  // A tag is the only way `{"$` can appear in the text: inside JSON strings a quote is
  // always escaped. Most rows carry none and skip the (slower) reviver.
  return (text.includes('{"$') ? JSON.parse(text, untag) : JSON.parse(text)) as Doc;
}

/**
 * JSON.stringify hands the replacer the value after `toJSON` (a Date is already a string,
 * a Buffer already `{type, data}`), so the original is read from the holder.
 */
function tagReplacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Date) return { [DATE_TAG]: raw.toISOString() };
  if (raw instanceof Uint8Array) return { [BINARY_TAG]: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("base64") };
  return value;
}

function untag(_key: string, value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length !== 1) return value;
  const tagged = (value as Record<string, unknown>)[keys[0] as string];
  if (typeof tagged !== "string") return value;
  if (keys[0] === DATE_TAG) return new Date(tagged);
  // A copy, not a view: Buffer.from may hand out a slice of a shared pool.
  if (keys[0] === BINARY_TAG) return new Uint8Array(Buffer.from(tagged, "base64"));
  return value;
}

/**
 * mingo tells a Buffer from a Uint8Array with the same bytes; Mongo does not (both are
 * BSON binary). Filters and update operands get plain Uint8Array views before mingo
 * sees them. Returns the input itself when there was nothing to change.
 */
export function plainBytes<T>(value: T): T {
  return plain(value) as T;
}

function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    return Object.getPrototypeOf(value) === Uint8Array.prototype
      ? value
      : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = plain(item);
      if (next !== item) {
        out ??= [...value];
        out[i] = next;
      }
    });
    return out ?? value;
  }
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype) return value;
  let out: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const next = plain(item);
    if (next !== item) {
      out ??= { ...value };
      out[key] = next;
    }
  }
  return out ?? value;
}
