import { createHash } from "node:crypto";
import { inspectPng, type PngProblem } from "#schema/codeground/preview.ts";
import { ErrorCode } from "#schema/protocol.ts";
import { DomainError } from "../core/errors.ts";
import type { PreviewMeta } from "./types.ts";

/** A preview that passed every check, ready to store with its version. */
export interface AcceptedPreview {
  png: Uint8Array;
  meta: PreviewMeta;
}

const CODE_OF: Record<PngProblem, ErrorCode> = {
  size: ErrorCode.PAYLOAD_TOO_LARGE,
  signature: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  structure: ErrorCode.BAD_INPUT,
  dimensions: ErrorCode.BAD_INPUT,
};

/**
 * Checks a publisher's preview (base64 from the publish body): a PNG of at most 64 KiB
 * and 480×360, well-formed chunk by chunk, pixels only. Refusals are problem+json: 413
 * too many bytes, 415 not a PNG, 400 bad structure or dimensions.
 */
export function acceptPreview(base64: string): AcceptedPreview {
  const png = new Uint8Array(Buffer.from(base64, "base64"));
  const check = inspectPng(png);
  if (!check.ok) throw new DomainError(CODE_OF[check.problem], check.detail);
  const etag = `"${createHash("sha256").update(png).digest("base64url").slice(0, 27)}"`;
  return { png, meta: { width: check.width, height: check.height, bytes: png.byteLength, etag } };
}

/** Where a version's preview is served (the card's <img src>). */
export function previewUrl(versionId: string): string {
  return `/api/script-versions/${encodeURIComponent(versionId)}/preview.png`;
}
