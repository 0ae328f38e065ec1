import type { Me } from "./net/auth-api.ts";
import type { LiveSandbox } from "./codeground/live-sandbox.ts";
import type { CodeApi } from "./net/code-api.ts";
import type { SocialApi } from "./net/social-api.ts";
import type { SongApi } from "./net/song-api.ts";
import { type Route, route } from "./router.ts";
import { lastSpace, spaceFromAddress } from "./space-memory.ts";
import type { CardDeps } from "./ui/script-card.ts";
import { lazyView, VIEW_LOAD_FAILED } from "./views/lazy-view.ts";
import type { LazyWorldView } from "./views/lazy-world-view.ts";

/** What views are built from: the shared HTTP API, who is signed in, where errors go. */
export interface ViewContext {
  social: SocialApi;
  code: CodeApi;
  songs: SongApi;
  /** The page's one live sandbox for script cards (feed, walls). */
  live: LiveSandbox;
  me(): Me | null;
  showError(message: string): void;
  /** Clears the error line (a later success makes an old refusal stale). */
  clearError(): void;
  /** The world is built by the app, which also reads its scene (test hook) and closes it on sign-out. */
  world: LazyWorldView;
}

/** The address of the world in the space one was last in: where closing an overlay goes. */
export function worldAddress(): string {
  return `#/world/${lastSpace()}`;
}

const closeOverlay = () => {
  location.hash = worldAddress();
};

/**
 * The addresses of the app, one line each: a new view (a Song editor, the Codeground) is
 * one file implementing `View` plus one line here, loaded when first opened so the landing
 * page never downloads it (issue 12 #14), e.g.
 * `route("song/:id", lazyView(async () => new (await import("./views/song-view.ts")).SongView(ctx), failed), (p) => ({ id: p.id })),`.
 * Profiles, the feed, the Codeground and the Song reader are overlays: they open over the
 * world, which stays connected (the avatar keeps its seat, and scripts and mood-gated
 * choices read its live mood). The Song editor and list are pages of their own.
 */
export function appRoutes(ctx: ViewContext): { routes: Route[]; fallback: Route } {
  const world = route("world/:map?", ctx.world, (p) => ({ map: spaceFromAddress(p.map) ?? lastSpace() }));
  const failed = () => ctx.showError(VIEW_LOAD_FAILED);
  const cards: CardDeps = { code: ctx.code, songs: ctx.songs, live: ctx.live, signedIn: () => ctx.me() !== null, showError: ctx.showError };
  return {
    routes: [
      route("u/:username", lazyView(async () => new (await import("./ui/profile-page.ts")).ProfilePage(ctx.social, ctx.me, ctx.showError, cards, ctx.clearError, closeOverlay), failed), (p) => ({ username: p.username }), {
        overlay: true,
      }),
      // A Song session opens over the world like the solo reader: the avatars stay, and their moods are what the gates read.
      route(
        "songs/:id/together/:version",
        lazyView(async () => new (await import("./views/song-together-view.ts")).SongTogetherView(ctx.songs, ctx.me, closeOverlay), failed),
        (p) => ({ id: p.id, version: p.version }),
        { overlay: true },
      ),
      route("code/:id/tree", lazyView(async () => new (await import("./views/tree-view.ts")).TreeView(ctx.code, closeOverlay), failed), (p) => ({ id: p.id }), {
        overlay: true,
      }),
      route(
        "code/:id?",
        lazyView(async () => new (await import("./views/code-view.ts")).CodeView(ctx.code, ctx.live, ctx.showError, closeOverlay), failed),
        (p) => ({ id: p.id ?? null }),
        { overlay: true },
      ),
      route(
        "songs/:id/read/:version?",
        lazyView(async () => new (await import("./views/song-reader-view.ts")).SongReaderView(ctx.songs, closeOverlay), failed),
        (p) => ({ id: p.id, version: p.version ?? null }),
        { overlay: true },
      ),
      route("songs/:id", lazyView(async () => new (await import("./views/song-view.ts")).SongView(ctx.songs, ctx.me, ctx.showError), failed), (p) => ({ id: p.id })),
      route("songs", lazyView(async () => new (await import("./views/song-list-view.ts")).SongListView(ctx.songs), failed), () => ({})),
      // One's own look, over the world: the avatar keeps its seat and others see the change live.
      route("avatar", lazyView(async () => new (await import("./views/avatar-view.ts")).AvatarView(ctx.social, ctx.me, closeOverlay), failed), () => ({}), {
        overlay: true,
      }),
      route(
        "feed/:view?",
        lazyView(async () => new (await import("./ui/feed-page.ts")).FeedPage(ctx.social, () => ctx.me() !== null, cards, closeOverlay), failed),
        (p) => ({ view: p.view === "following" ? "following" : "everyone" }),
        { overlay: true },
      ),
      world,
    ],
    fallback: world,
  };
}
