import { z } from "zod";

/**
 * PATCH /api/me/guide: the first-visit guide was finished or skipped (`done: true`), or is
 * to show again at the next entry (`done: false`). Stored on the account, so it does not
 * come back on another device.
 */
export const GuideUpdate = z.strictObject({ done: z.boolean() });
export type GuideUpdate = z.infer<typeof GuideUpdate>;

/** GET and PATCH /api/me/guide answer with this. */
export interface GuideState {
  done: boolean;
}
