import { ChangePassword, Login, Register } from "#schema/messages/auth.ts";
import type { SessionReply } from "#schema/replies/auth.ts";
import type { AccountService, ClientMeta, SignedIn } from "../../auth/accounts.ts";
import type { SessionPolicy } from "../../auth/sessions.ts";
import { clearSessionCookie, sessionCookie } from "../cookies.ts";
import { json, noContent } from "../reply.ts";
import { sessionReply } from "../session-reply.ts";
import type { HttpResponse, RequestContext, Route } from "../types.ts";
import { actorOf } from "./helpers.ts";
import { parseBody } from "../validate.ts";

const SIGN_IN_LIMIT = { perIp: { points: 20, seconds: 60 } };

/** Sign-up, sign-in, sign-out. Browsers get the session as a cookie; `bearer: true` callers get it in the body. */
export function authRoutes(accounts: AccountService, policy: SessionPolicy): Route[] {
  const reply = (ctx: RequestContext, status: number, signedIn: SignedIn, bearer: boolean | undefined) =>
    signedInReply(ctx, status, signedIn, bearer === true, policy);
  return [
    {
      method: "POST",
      path: "/api/auth/register",
      access: "public",
      limit: { perIp: { points: 10, seconds: 3600 } },
      handler: async (ctx) => {
        const body = parseBody(Register, ctx.body);
        return reply(ctx, 201, await accounts.register(body, metaOf(ctx)), body.bearer);
      },
    },
    {
      method: "POST",
      path: "/api/auth/login",
      access: "public",
      limit: SIGN_IN_LIMIT,
      handler: async (ctx) => {
        const body = parseBody(Login, ctx.body);
        return reply(ctx, 200, await accounts.login(body, metaOf(ctx)), body.bearer);
      },
    },
    {
      method: "POST",
      path: "/api/auth/logout",
      access: "user",
      limit: { perIp: { points: 30, seconds: 60 } },
      handler: async (ctx) => {
        await accounts.logout(actorOf(ctx));
        return noContent({ "set-cookie": clearSessionCookie(ctx.secure) });
      },
    },
    {
      method: "POST",
      path: "/api/auth/logout-all",
      access: "user",
      limit: { perIp: { points: 10, seconds: 60 }, perUser: { points: 10, seconds: 60 } },
      handler: async (ctx) => {
        await accounts.logoutAll(actorOf(ctx));
        return noContent({ "set-cookie": clearSessionCookie(ctx.secure) });
      },
    },
    {
      method: "POST",
      path: "/api/me/password",
      access: "user",
      limit: { perIp: { points: 10, seconds: 600 }, perUser: { points: 5, seconds: 600 } },
      handler: async (ctx) => {
        const body = parseBody(ChangePassword, ctx.body);
        const signedIn = await accounts.changePassword(actorOf(ctx), body.currentPassword, body.newPassword, metaOf(ctx));
        return reply(ctx, 200, signedIn, body.bearer);
      },
    },
  ];
}

function signedInReply(ctx: RequestContext, status: number, s: SignedIn, bearer: boolean, policy: SessionPolicy): HttpResponse {
  const body = sessionReply(s.actor, s.session.csrfToken, bearer ? s.token : undefined);
  const headers: Record<string, string> = bearer
    ? {}
    : { "set-cookie": sessionCookie(s.token, ctx.secure, Math.floor(policy.absoluteMs / 1000)) };
  return json<SessionReply>(status, body, { ...headers, "cache-control": "no-store" });
}

export function metaOf(ctx: RequestContext): ClientMeta {
  return { ip: ctx.ip, userAgent: ctx.headers.get("user-agent") ?? "" };
}

