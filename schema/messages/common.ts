import { z } from "zod";

/** An optional client-chosen id echoed back in `error` replies so a client can match them. */
export const RequestId = z.string().min(1).max(64).optional();
