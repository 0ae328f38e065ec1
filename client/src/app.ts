import type Phaser from "phaser";
import { CloseCode } from "#schema/protocol.ts";
import { authApi, type Me } from "./net/auth-api.ts";
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

/** Close codes after which the person must sign in again. */
const SIGNED_OUT_CODES = new Set<number>([CloseCode.SESSION_REVOKED, CloseCode.SESSION_EXPIRED, CloseCode.BANNED]);

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
    this.#enterButton.addEventListener("click", () => {
      location.hash = "#/world";
      void this.#enter("plaza");
    });
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
      else this.#auth.show();
    } catch {
      this.#auth.show("Could not reach the server. Reload to try again.");
    }
  }

  async #signedIn(me: Me): Promise<void> {
    this.#me = me;
    this.#auth.hide();
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
    } else {
      await this.#leaveWorld();
      this.#enterButton.hidden = false;
    }
  }

  #schedulePeople(): void {
    if (this.#peopleTimer) return;
    this.#peopleTimer = setTimeout(() => {
      this.#peopleTimer = undefined;
      if (this.#world) this.#hud.showPeople([...this.#world.people.values()]);
    }, 250);
  }

  #onStatus(status: ConnectionStatus): void {
    this.#status = status;
    this.#statusBar.showStatus(status);
    if (status.kind !== "disconnected" || !this.#world) return;
    void this.#leaveWorld().then(() => {
      if (status.code !== null && SIGNED_OUT_CODES.has(status.code)) this.#showSignedOut(status.message);
      else if (this.#me) this.#enterButton.hidden = false;
    });
  }

  async #switchMap(map: string): Promise<void> {
    await this.#leaveWorld();
    await this.#enter(map);
  }

  async #signOutNow(): Promise<void> {
    const csrf = this.#me?.csrfToken;
    await this.#leaveWorld();
    if (csrf) await authApi.logout(csrf).catch(() => undefined);
    this.#showSignedOut("");
  }

  #showSignedOut(message: string): void {
    this.#me = null;
    this.#enterButton.hidden = true;
    this.#nav.hidden = true;
    void this.#profilePage.close();
    this.#feedPage.close();
    this.#who.hidden = true;
    this.#signOut.hidden = true;
    this.#auth.show(message);
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
