import { ErrorCode } from "#schema/protocol.ts";
import type { RawRequest } from "./types.ts";
import { InputShapeError } from "./validate.ts";

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i;

/** Parses a JSON body: 415 for another content type, 400 MALFORMED_JSON for bad JSON. */
export function parseJsonBody(raw: RawRequest): unknown {
  if (raw.body === undefined || raw.body.length === 0) return undefined;
  const type = raw.headers.get("content-type") ?? "";
  if (!JSON_TYPE.test(type)) {
    throw new InputShapeError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json");
  }
  try {
    return JSON.parse(raw.body.toString("utf8"));
  } catch (err) {
    throw new InputShapeError(ErrorCode.MALFORMED_JSON, "the body is not valid JSON", {}, { cause: err });
  }
}
