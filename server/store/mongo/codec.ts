/**
 * Reads from the driver hold a BSON `Binary` where a `Uint8Array` was written. Turn each
 * generic (subtype 0) Binary back into a plain Uint8Array so callers see the same type
 * as on sqlite. Dates already come back as Dates.
 */
import { Binary } from "mongodb";
import { isPlainObject } from "../doc-rules.ts";

/** Walks a read document in place, replacing generic Binaries by Uint8Array copies. */
export function decodeRead<T>(doc: T): T {
  return fromBson(doc) as T;
}

function fromBson(value: unknown): unknown {
  if (value instanceof Binary) {
    if (value.sub_type !== Binary.SUBTYPE_DEFAULT) return value;
    // A copy: the Binary's buffer can be a view into the driver's read buffer.
    return new Uint8Array(value.buffer.subarray(0, value.length()));
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = fromBson(value[i]);
    return value;
  }
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) value[key] = fromBson(value[key]);
  }
  return value;
}
