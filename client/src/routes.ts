import { type Route, route } from "./router.ts";
import type { FeedPage } from "./ui/feed-page.ts";
import type { ProfilePage } from "./ui/profile-page.ts";
import type { WorldView } from "./views/world-view.ts";

export interface AppViews {
  world: WorldView;
  profile: ProfilePage;
  feed: FeedPage;
}

/**
 * The addresses of the app, one line each: a new view (a Song, the Codeground) is one
 * file implementing `View` plus one line here (and its construction in app.ts).
 */
export function appRoutes(views: AppViews): { routes: Route[]; fallback: Route } {
  const world = route("world", views.world, () => ({ map: "plaza" }));
  return {
    routes: [
      route("u/:username", views.profile, (p) => ({ username: p.username })),
      route("feed/:view?", views.feed, (p) => ({ view: p.view === "following" ? "following" : "everyone" })),
      world,
    ],
    fallback: world,
  };
}
