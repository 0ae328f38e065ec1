import type { Me } from "./net/auth-api.ts";
import type { SocialApi } from "./net/social-api.ts";
import { type Route, route } from "./router.ts";
import { FeedPage } from "./ui/feed-page.ts";
import { ProfilePage } from "./ui/profile-page.ts";
import type { WorldView } from "./views/world-view.ts";

/** What views are built from: the shared HTTP API, who is signed in, where errors go. */
export interface ViewContext {
  social: SocialApi;
  me(): Me | null;
  showError(message: string): void;
  /** The world is built by the app, which also reads its scene (test hook) and closes it on sign-out. */
  world: WorldView;
}

/**
 * The addresses of the app, one line each: a new view (a Song editor, the Codeground) is
 * one file implementing `View` plus one line here, e.g.
 * `route("song/:id", new SongView(ctx), (p) => ({ id: p.id })),`.
 */
export function appRoutes(ctx: ViewContext): { routes: Route[]; fallback: Route } {
  const world = route("world", ctx.world, () => ({ map: "plaza" }));
  return {
    routes: [
      route("u/:username", new ProfilePage(ctx.social, ctx.me, ctx.showError), (p) => ({ username: p.username })),
      route("feed/:view?", new FeedPage(ctx.social, () => ctx.me() !== null), (p) => ({
        view: p.view === "following" ? "following" : "everyone",
      })),
      world,
    ],
    fallback: world,
  };
}
