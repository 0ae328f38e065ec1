import { ServerError } from "@colyseus/core";
import type { ErrorCode } from "#schema/protocol.ts";
import { STATUS_OF } from "../core/errors.ts";

/**
 * A refused join, thrown from onAuth. Colyseus turns it into the matchmaking reply's
 * HTTP status and `error` text; the code rides in the text as `[CODE] ` so the gateway
 * can rebuild a problem+json with it (Colyseus keeps no other field).
 */
export function joinRefusal(code: ErrorCode, message: string): ServerError {
  return new ServerError(STATUS_OF[code], `[${code}] ${message}`);
}

const TAGGED = /^\[([A-Z_]+)\] ([\s\S]*)$/;

/** Splits a tagged refusal text back into code and message. */
export function parseJoinRefusal(text: string): { code: string; message: string } | null {
  const m = TAGGED.exec(text);
  return m ? { code: m[1] as string, message: m[2] as string } : null;
}
