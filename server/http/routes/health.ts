import type { Readiness } from "../../readiness.ts";
import { json } from "../reply.ts";
import type { Route } from "../types.ts";

/** /healthz: the process answers. /readyz: it can serve (store, migrations, transport). */
export function healthRoutes(readiness: () => Promise<Readiness>): Route[] {
  return [
    { method: "GET", access: "public", path: "/healthz", handler: async () => json(200, { status: "ok" }) },
    {
      method: "GET",
      access: "public",
      path: "/readyz",
      handler: async () => {
        const r = await readiness();
        return json(r.ready ? 200 : 503, r, r.ready ? {} : { "retry-after": "5" });
      },
    },
  ];
}
