import type { AuthServices } from "../../auth/services.ts";
import type { CodegroundServices } from "../../codeground/services.ts";
import type { SocialServices } from "../../social/services.ts";
import type { Metrics } from "../../core/metrics.ts";
import type { OperatorGuard } from "../../core/operator.ts";
import type { Readiness } from "../../readiness.ts";
import type { Route } from "../types.ts";
import { adminRoutes } from "./admin.ts";
import { authRoutes } from "./auth.ts";
import { guideRoutes } from "./guide.ts";
import { healthRoutes } from "./health.ts";
import { meRoutes } from "./me.ts";
import { notificationRoutes } from "./notifications.ts";
import { operatorRoutes } from "./operator.ts";
import { scriptRoutes } from "./scripts.ts";
import { socialRoutes } from "./social.ts";
import { wallRoutes } from "./walls.ts";
import { songRoutes } from "./songs.ts";
import type { SongServices } from "../../song/services.ts";

export interface RouteDeps {
  auth: AuthServices;
  social: SocialServices;
  codeground: CodegroundServices;
  songs: SongServices;
  operators: OperatorGuard;
  metrics: Metrics;
  readiness: () => Promise<Readiness>;
}

/** Every HTTP route NeoSpace serves (besides matchmaking, the monitor and static files). */
export function allRoutes(deps: RouteDeps): Route[] {
  return [
    ...healthRoutes(deps.readiness),
    ...operatorRoutes(deps.operators, deps.metrics),
    ...authRoutes(deps.auth.accounts, deps.auth.policy),
    ...meRoutes(deps.auth.sessions, deps.auth.kicker),
    ...guideRoutes(deps.auth.users),
    ...adminRoutes(deps.auth.admin, deps.auth.audit),
    ...socialRoutes(deps.social.profiles),
    ...wallRoutes(deps.social.walls, deps.social.feed, deps.auth.audit, deps.codeground.scripts),
    ...scriptRoutes(deps.codeground.scripts, deps.auth.audit),
    ...songRoutes(deps.songs),
    ...notificationRoutes(deps.social.notifications, deps.social.online),
  ];
}
