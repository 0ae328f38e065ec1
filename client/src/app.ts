import { authApi, type Me, ProblemError } from "./net/auth-api.ts";
import { nextStepAfter } from "./net/close-reasons.ts";
import { LiveSandbox } from "./codeground/live-sandbox.ts";
import { CodeApi } from "./net/code-api.ts";
import { GuideApi } from "./net/guide-api.ts";
import { SongApi } from "./net/song-api.ts";
import { LiveApi } from "./net/live-api.ts";
import { SocialApi } from "./net/social-api.ts";
import type { ConnectionStatus } from "./net/space-connection.ts";
import { Router } from "./router.ts";
import { appRoutes, worldAddress } from "./routes.ts";
import type { WorldScene } from "./scenes/world-scene.ts";
import { AuthPanel } from "./ui/auth-panel.ts";
import { requireElement } from "./ui/dom.ts";
import { releaseFocusAfterPointer } from "./ui/focus.ts";
import { LiveBar } from "./ui/live-bar.ts";
import { StatusBar } from "./ui/status-bar.ts";
import { LazyWorldView } from "./views/lazy-world-view.ts";

/**
 * The page's lifecycle: who am I → sign up / log in → the view the address asks for (the
 * router opens one at a time: world, profile, feed) → sign out or dropped → back to the
 * panel. Each view owns its own connection; the app owns the session and the top bar.
 */
export class App {
  readonly #who = requireElement("who", HTMLElement);
  readonly #signOut = requireElement("sign-out", HTMLButtonElement);
  readonly #enterButton = requireElement("enter-button", HTMLButtonElement);
  readonly #reloadButton = requireElement("reload-button", HTMLButtonElement);
  readonly #nav = requireElement("nav", HTMLElement);
  readonly #myProfileLink = requireElement("my-profile-link", HTMLAnchorElement);
  readonly #statusBar = new StatusBar();
  readonly #auth = new AuthPanel(authApi, (me) => void this.#signedIn(me));
  readonly #social = new SocialApi(() => this.#me?.csrfToken);
  /** Bell (notifications) and "Online", mounted in the top bar before the user's name. */
  readonly #live = new LiveBar(new LiveApi(() => this.#me?.csrfToken), requireElement("who", HTMLElement));
  readonly #guide = new GuideApi(() => this.#me?.csrfToken);
  /** Accounts whose guide flag this page already asked for: the guide opens at the first entry only. */
  readonly #guideAsked = new Set<string>();
  readonly #world = new LazyWorldView({
    gameParent: requireElement("game", HTMLElement),
    statusBar: this.#statusBar,
    onStatus: (status) => this.#setStatus(status),
    onDropped: (status) => this.#afterDrop(status),
    openProfile: (username) => {
      location.hash = `#/u/${encodeURIComponent(username)}`;
    },
    isFollowing: async (username) => (await this.#social.profile(username)).viewer?.following === true,
    newestFeedItem: async () => (await this.#social.feed("everyone")).items[0] ?? null,
    follow: async (username, on) => {
      try {
        await this.#social.follow(username, on);
      } catch (error) {
        this.#statusBar.showError(error instanceof ProblemError ? error.message : "Could not follow; try again.");
        throw error;
      }
    },
    onEntering: () => {
      this.#enterButton.hidden = true;
      this.#reloadButton.hidden = true;
    },
    guide: {
      shouldShow: async () => {
        const id = this.#me?.user.id;
        if (!id || this.#guideAsked.has(id)) return false;
        this.#guideAsked.add(id);
        // Unknown (the server could not answer): do not show it; the Guide button still does.
        return !(await this.#guide.done().catch(() => true));
      },
      ended: () => {
        // A lost write shows the guide once more on the next visit: nothing worse, so no error line.
        void this.#guide.setDone(true).catch(() => {});
      },
    },
  });
  readonly #router: Router;
  #me: Me | null = null;
  #status: ConnectionStatus = { kind: "idle" };

  constructor() {
    const { routes, fallback } = appRoutes({
      social: this.#social,
      code: new CodeApi(() => this.#me?.csrfToken),
      songs: new SongApi(() => this.#me?.csrfToken),
      live: new LiveSandbox(),
      me: () => this.#me,
      showError: (m) => this.#statusBar.showError(m),
      clearError: () => this.#statusBar.clearError(),
      world: this.#world,
    });
    this.#router = new Router(routes, fallback);
    this.#statusBar.showStatus(this.#status);
    releaseFocusAfterPointer(requireElement("topbar", HTMLElement));
    // The skip link moves focus to the map (the address stays: it is the router's).
    requireElement("skip-link", HTMLAnchorElement).addEventListener("click", (e) => {
      e.preventDefault();
      requireElement("game", HTMLElement).focus();
    });
    this.#signOut.addEventListener("click", () => void this.#signOutNow());
    // Entering is routing to #/world; setting the hash *and* entering would start two worlds.
    this.#enterButton.addEventListener("click", () => {
      if (location.hash === worldAddress()) void this.#route();
      else location.hash = worldAddress();
    });
    this.#reloadButton.addEventListener("click", () => location.reload());
    window.addEventListener("hashchange", () => void this.#route());
    void this.#start();
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  get scene(): WorldScene | null {
    return this.#world.scene;
  }

  async #start(): Promise<void> {
    try {
      const me = await authApi.me();
      if (me) await this.#signedIn(me);
      else this.#auth.show({ mode: "signup" });
    } catch {
      this.#auth.show({ message: "Could not reach the server. Reload to try again." });
    }
  }

  async #signedIn(me: Me): Promise<void> {
    this.#me = me;
    this.#auth.hide();
    this.#statusBar.clearError();
    this.#statusBar.setContext({ signedIn: true });
    this.#who.textContent = `${me.user.displayName} (@${me.user.username})`;
    this.#who.hidden = false;
    this.#signOut.hidden = false;
    this.#nav.hidden = false;
    this.#myProfileLink.href = `#/u/${encodeURIComponent(me.user.username)}`;
    this.#live.start();
    await this.#route();
  }

  /** Views are for signed-in people; the panel covers the page otherwise. */
  async #route(): Promise<void> {
    if (this.#me) await this.#router.resolve(location.hash);
  }

  #setStatus(status: ConnectionStatus): void {
    this.#status = status;
    this.#statusBar.showStatus(status);
  }

  /** The one place a dropped or refused connection leads somewhere: sign in, reload, or re-enter. */
  #afterDrop(status: Extract<ConnectionStatus, { kind: "disconnected" }>): void {
    const next = nextStepAfter(status.code);
    if (next === "sign-in") this.#showSignedOut(status.message);
    else if (next === "reload") this.#reloadButton.hidden = false;
    else if (this.#me) this.#enterButton.hidden = false;
  }

  /** Leaves the world first (the server closes a signed-out session's sockets with 4401), then signs out. */
  async #signOutNow(): Promise<void> {
    const me = this.#me;
    if (!me) return;
    this.#signOut.disabled = true;
    await this.#world.close();
    this.#setStatus({ kind: "idle" });
    try {
      await authApi.logout(me.csrfToken);
    } catch (error) {
      // 401: the session had already ended, which is what signing out wants.
      if (!(error instanceof ProblemError && error.status === 401)) {
        const why = error instanceof ProblemError ? error.message : "the server could not be reached";
        this.#statusBar.showError(`Could not sign out (${why}). You are still signed in.`);
        this.#enterButton.hidden = false;
        return;
      }
    } finally {
      this.#signOut.disabled = false;
    }
    this.#showSignedOut("");
  }

  #showSignedOut(message: string): void {
    const username = this.#me?.user.username;
    this.#me = null;
    this.#statusBar.setContext({ signedIn: false });
    this.#enterButton.hidden = true;
    this.#reloadButton.hidden = true;
    this.#nav.hidden = true;
    this.#live.stop();
    void this.#router.closeAll();
    this.#who.hidden = true;
    this.#signOut.hidden = true;
    this.#auth.show({ message, mode: "login", ...(username ? { username } : {}) });
  }
}
