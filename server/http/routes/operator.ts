import { z } from "zod";
import { ErrorCode } from "#schema/protocol.ts";
import { DomainError } from "../../core/errors.ts";
import type { Metrics } from "../../core/metrics.ts";
import { OPERATOR_COOKIE, OPERATOR_COOKIE_TTL_SECONDS, type OperatorGuard } from "../../core/operator.ts";
import { noContent, text } from "../reply.ts";
import type { RequestContext, Route } from "../types.ts";
import { parseBody } from "../validate.ts";

const OperatorLogin = z.strictObject({ token: z.string().min(1).max(512) });

/** /metrics and the operator cookie for the monitor page. Closed entirely when no OPERATOR_TOKEN is set. */
export function operatorRoutes(operators: OperatorGuard, metrics: Metrics): Route[] {
  const requireOperator = async (ctx: RequestContext) => {
    const access = await operators.check(ctx.headers);
    if (access === "disabled") throw new DomainError(ErrorCode.NOT_FOUND, "operator endpoints are disabled");
    if (access === "denied") {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, "operator credentials required", {
        headers: { "www-authenticate": 'Bearer realm="neospace-operators"' },
      });
    }
  };
  return [
    {
      method: "GET",
      access: "public",
      path: "/metrics",
      handler: async (ctx) => {
        await requireOperator(ctx);
        return text(200, await metrics.registry.metrics(), metrics.registry.contentType);
      },
    },
    {
      method: "POST",
      access: "public",
      path: "/api/operator/session",
      limit: { perIp: { points: 10, seconds: 600 } },
      handler: async (ctx) => {
        const { token } = parseBody(OperatorLogin, ctx.body);
        if (!operators.enabled || !operators.matches(token)) {
          throw new DomainError(ErrorCode.UNAUTHENTICATED, "wrong operator token");
        }
        return noContent({ "set-cookie": operatorCookie(operators.issueCookie(), ctx.secure, OPERATOR_COOKIE_TTL_SECONDS) });
      },
    },
    {
      method: "DELETE",
      access: "public",
      path: "/api/operator/session",
      limit: { perIp: { points: 30, seconds: 60 } },
      handler: async (ctx) => {
        // Revoked, not just forgotten by this browser: a copied cookie stops working too.
        await operators.revokeCookieIn(ctx.headers);
        return noContent({ "set-cookie": operatorCookie("", ctx.secure, 0) });
      },
    },
  ];
}

/** `__Host-` needs Secure, which plain-http localhost development cannot set. */
function operatorCookie(value: string, secure: boolean, maxAge: number): string {
  const name = secure ? `__Host-${OPERATOR_COOKIE}` : OPERATOR_COOKIE;
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? "; Secure" : ""}`;
}
