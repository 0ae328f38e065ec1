import type Phaser from "phaser";
import { authApi, type Me, ProblemError } from "./net/auth-api.ts";
import { nextStepAfter } from "./net/close-reasons.ts";
import { SocialApi } from "./net/social-api.ts";
import { type AvatarSnapshot, type ConnectionStatus, SpaceConnection } from "./net/space-connection.ts";
import { createGame } from "./scenes/create-game.ts";
import type { WorldScene } from "./scenes/world-scene.ts";
import { AuthPanel } from "./ui/auth-panel.ts";
import { ChatBox } from "./ui/chat-box.ts";
import { requireElement } from "./ui/dom.ts";
import { FeedPage } from "./ui/feed-page.ts";
import { Hud } from "./ui/hud.ts";
import { Keyboard } from "./ui/keyboard.ts";
import { ProfilePage } from "./ui/profile-page.ts";
import { StatusBar } from "./ui/status-bar.ts";

interface World {
  connection: SpaceConnection;
  game: Phaser.Game;
  scene: WorldScene;
  keyboard: Keyboard;
  people: Map<string, AvatarSnapshot>;
}

/**
 * The page's lifecycle: who am I → sign up / log in → the world (one space at a time) →
 * sign out or dropped → back to the panel. It owns one world at a time and tears down
 * its connection, game and keyboard together.
 */
export class App {
  readonly #gameParent = requireElement("game", HTMLElement);
  readonly #who = requireElement("who", HTMLElement);
  readonly #signOut = requireElement("sign-out", HTMLButtonElement);
  readonly #enterButton = requireElement("enter-button", HTMLButtonElement);
  readonly #reloadButton = requireElement("reload-button", HTMLButtonElement);
  readonly #statusBar = new StatusBar();
  readonly #auth = new AuthPanel(authApi, (me) => void this.#signedIn(me));
  readonly #hud = new Hud({
    switchMap: (map) => void this.#switchMap(map),
    emote: (emote) => this.#world?.connection.emote(emote),
    setPersonality: (traits) => this.#world?.connection.setPersonality(traits),
  });
  readonly #chat = new ChatBox((text) => this.#world?.connection.chat(text));
  readonly #nav = requireElement("nav", HTMLElement);
  readonly #myProfileLink = requireElement("my-profile-link", HTMLAnchorElement);
  readonly #social = new SocialApi(() => this.#me?.csrfToken);
  readonly #profilePage = new ProfilePage(this.#social, () => this.#me, (m) => this.#statusBar.showError(m));
  readonly #feedPage = new FeedPage(this.#social, () => this.#me !== null);
  #me: Me | null = null;
  #world: World | null = null;
  #status: ConnectionStatus = { kind: "idle" };
  #peopleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Which view the address asks for; a world join that finishes after navigation away is undone. */
  #view: "world" | "profile" | "feed" = "world";

  constructor() {
    this.#statusBar.showStatus(this.#status);
    this.#signOut.addEventListener("click", () => void this.#signOutNow());
    // Entering is routing to #/world; setting the hash *and* entering would start two worlds.
    this.#enterButton.addEventListener("click", () => {
      if (location.hash === "#/world") void this.#enter("plaza");
      else location.hash = "#/world";
    });
    this.#reloadButton.addEventListener("click", () => location.reload());
    window.addEventListener("hashchange", () => void this.#route());
    void this.#start();
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  get scene(): WorldScene | null {
    return this.#world?.scene ?? null;
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
    this.#who.textContent = `${me.user.displayName} (@${me.user.username})`;
    this.#who.hidden = false;
    this.#signOut.hidden = false;
    this.#nav.hidden = false;
    this.#myProfileLink.href = `#/u/${encodeURIComponent(me.user.username)}`;
    await this.#route();
  }

  /** `#/world` (default), `#/u/<username>`, `#/feed/<everyone|following>`: one view at a time. */
  async #route(): Promise<void> {
    if (!this.#me) return;
    const [, section, arg] = location.hash.split("/");
    this.#view = section === "u" && arg ? "profile" : section === "feed" ? "feed" : "world";
    if (section === "u" && arg) {
      this.#feedPage.close();
      await this.#leaveWorld();
      await this.#profilePage.open(decodeURIComponent(arg));
    } else if (section === "feed") {
      await this.#profilePage.close();
      await this.#leaveWorld();
      await this.#feedPage.open(arg === "following" ? "following" : "everyone");
    } else {
      await this.#profilePage.close();
      this.#feedPage.close();
      await this.#enter("plaza");
    }
  }

  async #enter(map: string): Promise<void> {
    if (this.#world) return;
    this.#enterButton.hidden = true;
    this.#reloadButton.hidden = true;
    this.#statusBar.clearError();
    const connection = new SpaceConnection(location.origin);
    const people = new Map<string, AvatarSnapshot>();
    connection.on("status", (status) => this.#onStatus(status));
    connection.on("serverError", (error) => this.#statusBar.showError(`${error.message} (${error.code})`));
    connection.on("transportError", (message) => this.#statusBar.showError(message));
    connection.on("roomMood", (mood) => this.#hud.showRoomMood(mood));
    const track = (a: AvatarSnapshot) => {
      people.set(a.id, a);
      this.#schedulePeople();
    };
    connection.on("avatarAdded", track);
    connection.on("avatarChanged", track);
    connection.on("avatarRemoved", (id) => {
      people.delete(id);
      this.#schedulePeople();
    });
    let game: Phaser.Game;
    let scene: WorldScene;
    try {
      ({ game, scene } = await createGame(this.#gameParent, connection));
    } catch (error) {
      console.error("could not start the renderer", error);
      this.#statusBar.showError("This browser could not start the world renderer.");
      await connection.dispose();
      return;
    }
    const keyboard = new Keyboard({
      walk: (dx, dy) => connection.walk(dx, dy),
      emote: (emote) => connection.emote(emote),
      focusChat: () => this.#chat.focus(),
    });
    scene.onAvatarClick = (username) => {
      location.hash = `#/u/${encodeURIComponent(username)}`;
    };
    this.#world = { connection, game, scene, keyboard, people };
    if (await connection.join(map)) {
      if (this.#view !== "world" || this.#world?.connection !== connection) {
        if (this.#world?.connection === connection) await this.#leaveWorld();
        return;
      }
      this.#hud.show(map);
      this.#chat.show();
    }
    // A refused join reported a "disconnected" status, and #onStatus took it from there.
  }

  #schedulePeople(): void {
    if (this.#peopleTimer) return;
    this.#peopleTimer = setTimeout(() => {
      this.#peopleTimer = undefined;
      if (this.#world) this.#hud.showPeople([...this.#world.people.values()]);
    }, 250);
  }

  #setStatus(status: ConnectionStatus): void {
    this.#status = status;
    this.#statusBar.showStatus(status);
  }

  /** The one place a dropped or refused connection leads somewhere: sign in, reload, or re-enter. */
  #onStatus(status: ConnectionStatus): void {
    this.#setStatus(status);
    if (status.kind !== "disconnected" || !this.#world) return;
    void this.#leaveWorld().then(() => {
      const next = nextStepAfter(status.code);
      if (next === "sign-in") this.#showSignedOut(status.message);
      else if (next === "reload") this.#reloadButton.hidden = false;
      else if (this.#me) this.#enterButton.hidden = false;
    });
  }

  async #switchMap(map: string): Promise<void> {
    await this.#leaveWorld();
    await this.#enter(map);
  }

  /** Leaves the world first (the server closes a signed-out session's sockets with 4401), then signs out. */
  async #signOutNow(): Promise<void> {
    const me = this.#me;
    if (!me) return;
    this.#signOut.disabled = true;
    await this.#leaveWorld();
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
    this.#enterButton.hidden = true;
    this.#reloadButton.hidden = true;
    this.#nav.hidden = true;
    void this.#profilePage.close();
    this.#feedPage.close();
    this.#who.hidden = true;
    this.#signOut.hidden = true;
    this.#auth.show({ message, mode: "login", ...(username ? { username } : {}) });
  }

  async #leaveWorld(): Promise<void> {
    const world = this.#world;
    this.#world = null;
    this.#hud.hide();
    this.#chat.hide();
    if (!world) return;
    world.keyboard.dispose();
    world.game.destroy(true);
    await world.connection.dispose();
  }
}
