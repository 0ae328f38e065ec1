import type { z } from "zod";
import { ErrorCode } from "#schema/protocol.ts";
import { DomainError } from "../core/errors.ts";

/**
 * A body refused for its shape (not JSON, wrong type, fields that fail the schema) before
 * any rule looked at it: cheap to refuse, so it gives back the budget point it took.
 */
export class InputShapeError extends DomainError {}

/** Validates a parsed body with zod; a failure is 400 BAD_INPUT listing each problem. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  const detail = errors.map((e) => `${e.path || "body"}: ${e.message}`).join("; ");
  throw new InputShapeError(ErrorCode.BAD_INPUT, detail.slice(0, 500), { details: errors });
}
