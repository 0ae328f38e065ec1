import { z } from "zod";
import { cleanMultiline, cleanText, ModerationReason } from "../rules/text.ts";

/** Codeground limits, shared by the server's checks and the editor's counters. */
export const SCRIPT_SOURCE_MAX_BYTES = 64 * 1024;
export const SCRIPT_TITLE_MAX = 60;
export const SCRIPT_DESCRIPTION_MAX = 500;
/** The server keeps this many saves per draft (older ones are dropped). */
export const DRAFT_HISTORY_KEEP = 20;

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

/** A title is one line of plain text: cleaned like a display name, 1..60 characters. */
export const ScriptTitle = z
  .string()
  .max(SCRIPT_TITLE_MAX * 4)
  .transform(cleanText)
  .pipe(z.string().min(1, "give it a title").max(SCRIPT_TITLE_MAX, `at most ${SCRIPT_TITLE_MAX} characters`));

export const ScriptDescription = z
  .string()
  .max(SCRIPT_DESCRIPTION_MAX * 4)
  .transform(cleanMultiline)
  .pipe(z.string().max(SCRIPT_DESCRIPTION_MAX, `at most ${SCRIPT_DESCRIPTION_MAX} characters`));

/** Source is code: kept byte for byte (no cleaning), bounded in UTF-8 bytes. */
export const ScriptSource = z
  .string()
  .max(SCRIPT_SOURCE_MAX_BYTES)
  .refine((s) => utf8Bytes(s) <= SCRIPT_SOURCE_MAX_BYTES, `at most ${SCRIPT_SOURCE_MAX_BYTES} bytes of source`);

/** POST /api/scripts (a new draft) and PUT /api/scripts/:id/draft (a save). */
export const DraftBody = z.strictObject({
  title: ScriptTitle,
  description: ScriptDescription.optional(),
  source: ScriptSource,
});
export type DraftBody = z.infer<typeof DraftBody>;

/** POST /api/scripts/:id/hide (moderators). */
export const HideScript = z.strictObject({ reason: ModerationReason });

/**
 * The publish route's body cap: room for a preview's base64 (64 KiB of PNG is 87,384
 * characters) with slack, so a slightly oversize PNG reaches the byte check and gets 413
 * with a reason rather than a shape error.
 */
export const PUBLISH_BODY_BYTES = 128 * 1024;

/**
 * POST /api/scripts/:id/publish: the body is optional; `preview` is the still PNG the
 * publisher's sandbox captured, base64. The server checks it byte by byte (schema/codeground/preview.ts).
 */
export const PublishBody = z.strictObject({
  preview: z.base64("the preview must be base64").optional(),
});
export type PublishBody = z.infer<typeof PublishBody>;
