import { z } from "zod";
import { decodeCursor, type PageCursor } from "../../store/cursor.ts";
import type { RequestContext } from "../types.ts";
import { parseBody } from "../validate.ts";

/** Helpers every route file shares; route files import from here, never from each other. */

/** The gateway sets `actor` on every non-public route; this narrows it for handlers. */
export function actorOf(ctx: RequestContext) {
  if (!ctx.actor) throw new Error(`route ${ctx.path} reached without an actor`);
  return ctx.actor;
}

/** `?before=<cursor>`: the opaque `next` of the previous page; absent or empty means the first page. */
export const PageQuery = z.object({
  before: z
    .string()
    .max(400)
    .optional()
    .transform((text, ctx): PageCursor | undefined => {
      if (!text) return undefined;
      const cursor = decodeCursor(text);
      if (!cursor) ctx.addIssue({ code: "custom", message: "not a page cursor; pass back the `next` of the previous page" });
      return cursor;
    }),
});

/** The page cursor of a list request; a malformed one is 400 BAD_INPUT. */
export function pageCursor(ctx: RequestContext): PageCursor | undefined {
  return parseBody(PageQuery, { before: ctx.query.get("before") ?? undefined }).before;
}

/**
 * An integer in a path or query is plain decimal digits. `Number()` also reads "0x1",
 * "1e0", "+1", " 1" and "1.0" as 1 (and "" as 0), so a loose parse lets one address name
 * a thing under many spellings; 15 digits stay exact in a double.
 */
const DecimalDigits = z.string().regex(/^[0-9]{1,15}$/, "must be plain decimal digits");

/** The integer path parameter `name`, at least `min`; anything else is 400 BAD_INPUT naming it. */
export function intParam(ctx: RequestContext, name: string, min = 1): number {
  const schema = z.object({ [name]: DecimalDigits.transform(Number).pipe(z.number().int().min(min)) });
  return parseBody(schema, { [name]: ctx.params[name] })[name] as number;
}

/**
 * The query parameter `name`, one of `values`; absent means `fallback`. Any other value
 * (a typo, another case, empty) is 400 BAD_INPUT naming the parameter and the allowed
 * values: quietly answering the default would show a list the caller did not ask for.
 */
export function enumQuery<const V extends readonly [string, ...string[]]>(ctx: RequestContext, name: string, values: V, fallback: V[number]): V[number] {
  const raw = ctx.query.get(name);
  if (raw === null) return fallback;
  const schema = z.object({ [name]: z.enum(values, { error: `must be one of ${values.join(", ")}` }) });
  return parseBody(schema, { [name]: raw })[name] as V[number];
}
