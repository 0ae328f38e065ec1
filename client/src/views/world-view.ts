import type Phaser from "phaser";
import { type AvatarSnapshot, type ConnectionStatus, type PersonSnapshot, SpaceConnection } from "../net/space-connection.ts";
import { type Insets, NO_INSETS } from "../scenes/camera-rig.ts";
import { createGame } from "../scenes/create-game.ts";
import type { WorldScene } from "../scenes/world-scene.ts";
import { AvatarMenu } from "../ui/avatar-menu.ts";
import { ChatPanel } from "../ui/chat-panel.ts";
import { requireElement } from "../ui/dom.ts";
import { focusOnPointer } from "../ui/focus.ts";
import type { Guide } from "../ui/guide.ts";
import { Hud } from "../ui/hud.ts";
import { Keyboard } from "../ui/keyboard.ts";
import { Minimap } from "../ui/minimap.ts";
import { NoticeBoard } from "../ui/notice-board.ts";
import type { FeedItemView } from "#schema/replies/social.ts";
import { overlayHasFocus } from "../ui/overlay.ts";
import { rememberSpace } from "../space-memory.ts";
import type { StatusBar } from "../ui/status-bar.ts";
import { viewerMood } from "../viewer-mood.ts";
import { VIEW_LOAD_FAILED } from "./lazy-view.ts";
import type { View } from "./view.ts";

export interface WorldParams {
  map: string;
}

export interface WorldViewDeps {
  gameParent: HTMLElement;
  statusBar: StatusBar;
  /** Every status of the space connection (the app shows it and the test hook reads it). */
  onStatus(status: ConnectionStatus): void;
  /** The connection dropped or a join was refused, after the world was torn down. */
  onDropped(status: Extract<ConnectionStatus, { kind: "disconnected" }>): void;
  /** The avatar menu's doors to the rest of the app: a profile overlay, following. */
  openProfile(username: string): void;
  isFollowing(username: string): Promise<boolean>;
  follow(username: string, on: boolean): Promise<void>;
  /** Called when the world opens, so the page can hide its "enter"/"reload" buttons. */
  onEntering(): void;
  /** The first-visit guide's flag on the account. */
  guide: GuideFlag;
  /** What a map's notice board shows: the newest item of the everyone feed, or null. */
  newestFeedItem(): Promise<FeedItemView | null>;
}

export interface GuideFlag {
  /** True once per signed-in person and page when their account has not finished or skipped the guide. */
  shouldShow(): Promise<boolean>;
  /** The guide was finished or skipped: the account remembers it. */
  ended(): void;
}

/**
 * The e2e build only (Vite drops this elsewhere): the older e2e suites sign up and then
 * click the map, so their pages set `__neospaceNoGuide` before load
 * (tests/helpers/browser.ts) and the guide stays shut; tests/e2e/onboarding opts back in.
 */
const guideOffForTests = (): boolean => import.meta.env.MODE === "e2e" && (window as { __neospaceNoGuide?: boolean }).__neospaceNoGuide === true;

interface World {
  connection: SpaceConnection;
  game: Phaser.Game;
  scene: WorldScene;
  keyboard: Keyboard;
  /** Avatars in view (everyone when the server sends everyone), by session id. */
  people: Map<string, AvatarSnapshot>;
  /** Everyone present, near or far (the roster), by session id. */
  roster: Map<string, PersonSnapshot>;
}

/**
 * The space: one map at a time, with its connection (the `space` room), Phaser game,
 * keyboard, HUD and chat, torn down together. A join that finishes after the view was
 * closed is undone.
 */
export class WorldView implements View<WorldParams> {
  readonly #hud = new Hud({
    // The address names the space (a reload comes back to it); the router then calls open().
    switchMap: (map) => {
      location.hash = `#/world/${map}`;
    },
    emote: (emote) => this.#world?.connection.emote(emote),
    setPersonality: (traits) => this.#world?.connection.setPersonality(traits),
    openGuide: () => void this.#openGuide(),
  });
  readonly #chat = new ChatPanel({
    say: (text, scope) => this.#world?.connection.chat(text, scope) ?? false,
    whisper: (to, text) => this.#world?.connection.whisper(to, text) ?? false,
    done: () => this.deps.gameParent.focus({ preventScroll: true }),
  });
  readonly #menu = new AvatarMenu(
    {
      openProfile: (username) => this.deps.openProfile(username),
      emote: (emote, target) => this.#world?.connection.emote(emote, target),
      isFollowing: (username) => this.deps.isFollowing(username),
      follow: (username, on) => this.deps.follow(username, on),
      closed: () => {
        // A whisper item hands focus to the chat line; anything else gives the keys back to the map.
        if (!overlayHasFocus() && !this.#chat.focused) this.deps.gameParent.focus({ preventScroll: true });
      },
    },
    (pick) => [this.#menu.item("Whisper", "whisper", () => this.#chat.whisperTo({ sessionId: pick.id, name: pick.name }))],
  );
  /** A polite live region: emotes read out as sentences ("Maple hugs Juniper"). */
  readonly #events = requireElement("world-events", HTMLElement);
  #world: World | null = null;
  /** The corner overview of the map (over the stage, beside the game canvas). */
  readonly #minimap: Minimap;
  readonly #board: NoticeBoard;
  /** The space open (or opening) now. */
  #map = "";
  #peopleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Built at its first opening: its code is a chunk of its own, off the landing path. */
  #guide: Guide | null = null;
  /** Bumped by every open and close: an older open that finishes late knows it lost. */
  #generation = 0;

  constructor(private readonly deps: WorldViewDeps) {
    focusOnPointer(deps.gameParent);
    const stage = deps.gameParent.parentElement ?? document.body;
    // A click on the minimap is a click on the map: the keys walk again afterwards.
    this.#minimap = new Minimap(stage, (x, y) => {
      this.#world?.scene.walkTo(x, y);
      deps.gameParent.focus({ preventScroll: true });
    });
    this.#board = new NoticeBoard(stage, {
      newestFeedItem: () => deps.newestFeedItem(),
      returnFocus: () => deps.gameParent.focus({ preventScroll: true }),
    });
  }

  get scene(): WorldScene | null {
    return this.#world?.scene ?? null;
  }

  /** Opens the space, or moves to another one when the address names a different space. */
  async open(params: WorldParams): Promise<void> {
    if (this.#world && this.#map === params.map) return;
    await this.#enter(params.map);
  }

  async close(): Promise<void> {
    this.#generation++;
    await this.#leave({ announce: true });
  }

  /**
   * Leaves the space open now (if any) and opens `map`. The generation is claimed before
   * the leave: an open that starts while this one waits for its leave wins, and this one
   * gives up, so two opens never both build a world (the loser's joined room would stay a
   * ghost of the person, and its canvas would stay under the new one).
   */
  async #enter(map: string): Promise<void> {
    const generation = ++this.#generation;
    if (this.#world) await this.#leave({ announce: false });
    if (generation !== this.#generation) return;
    this.#map = map;
    rememberSpace(map);
    this.deps.onEntering();
    this.deps.statusBar.clearError();
    const connection = new SpaceConnection(location.origin);
    const people = new Map<string, AvatarSnapshot>();
    const roster = new Map<string, PersonSnapshot>();
    this.#listen(connection, people, roster);
    let game: Phaser.Game;
    let scene: WorldScene;
    try {
      ({ game, scene } = await createGame(this.deps.gameParent, connection));
    } catch (error) {
      console.error("could not start the renderer", error);
      this.deps.statusBar.showError("This browser could not start the world renderer.");
      await connection.dispose();
      return;
    }
    const keyboard = new Keyboard({
      walk: (dx, dy) => connection.walk(dx, dy),
      emote: (emote) => connection.emote(emote),
      focusChat: () => this.#chat.focus(),
      interact: () => {
        if (scene.interact() === "nothing") this.#events.textContent = "Nothing to sit on or read within reach.";
      },
      paused: overlayHasFocus,
    });
    scene.onAvatarClick = (pick) => {
      const head = scene.clientPointOf(pick.x, pick.y - 44);
      this.#menu.open(pick, head);
    };
    scene.insets = () => this.#insets();
    scene.nameOf = (id) => roster.get(id)?.name;
    scene.onEmoteSentence = (sentence) => {
      this.#events.textContent = sentence;
    };
    scene.onBoard = (board, how) => void this.#board.open(board, how);
    scene.onBoardLeft = () => this.#board.walkedAway();
    scene.minimapState = () => this.#minimap.snapshot();
    const world: World = { connection, game, scene, keyboard, people, roster };
    if (generation !== this.#generation) {
      await this.#dispose(world);
      return;
    }
    this.#world = world;
    if (await connection.join(map)) {
      if (generation !== this.#generation || this.#world !== world) {
        if (this.#world === world) await this.#leave({ announce: false });
        return;
      }
      this.#hud.show(map);
      this.#chat.show();
      this.#minimap.show();
      void this.#guideOnFirstVisit(generation);
    }
    // A refused join reported a "disconnected" status, and #onStatus took it from there.
  }

  #listen(connection: SpaceConnection, people: Map<string, AvatarSnapshot>, roster: Map<string, PersonSnapshot>): void {
    connection.on("status", (status) => this.#onStatus(connection, status));
    connection.on("map", (map) => {
      this.deps.statusBar.setContext({ place: map.title });
      this.#minimap.setMap(map);
    });
    connection.on("serverError", (error) => this.deps.statusBar.showError(`${error.message} (${error.code})`));
    connection.on("transportError", (message) => this.deps.statusBar.showError(message));
    connection.on("roomMood", (mood) => this.#hud.showRoomMood(mood));
    connection.on("personality", (traits) => this.#hud.showPersonality(traits));
    connection.on("feedChanged", () => void this.#board.refresh());
    connection.on("history", (history) => this.#chat.setHistory(history.lines));
    connection.on("chat", (line) => this.#chat.add(line));
    const track = (a: AvatarSnapshot) => {
      people.set(a.id, a);
      this.#minimap.setPeople(people.values());
      if (a.isSelf) viewerMood.set(a);
      this.#schedulePeople();
    };
    connection.on("avatarAdded", track);
    connection.on("avatarChanged", track);
    // Out of view is not gone: a whisper to someone who walked away still reaches them.
    connection.on("avatarRemoved", (id) => {
      people.delete(id);
      this.#minimap.setPeople(people.values());
      this.#schedulePeople();
    });
    connection.on("personJoined", (person) => {
      roster.set(person.id, person);
      this.#schedulePeople();
    });
    connection.on("personLeft", (id) => {
      roster.delete(id);
      this.#chat.forget(id);
      this.#schedulePeople();
    });
  }

  /** A drop of the open world tears it down, then lets the app say what comes next. */
  #onStatus(connection: SpaceConnection, status: ConnectionStatus): void {
    this.deps.onStatus(status);
    // A socket error shown while the connection struggled is stale once it is back.
    if (status.kind === "connected") this.deps.statusBar.clearError();
    if (status.kind !== "disconnected" || this.#world?.connection !== connection) return;
    void this.#leave({ announce: false }).then(() => this.deps.onDropped(status));
  }

  /**
   * What the page's panels cover of the map view, measured each frame (cheap: three rects):
   * the side panel on the right (unless it is folded, or a phone sheet wider than half the
   * view), the chat panel at the bottom, an overlay or the notice board on the left, the
   * minimap at the top on a phone.
   */
  #insets(): Insets {
    const game = this.deps.gameParent.getBoundingClientRect();
    const gap = 8;
    const rect = (id: string) => {
      const el = document.getElementById(id);
      return el && !el.hidden ? el.getBoundingClientRect() : null;
    };
    const insets = { ...NO_INSETS };
    const hud = rect("hud-body") ? rect("hud") : null;
    if (hud && hud.width < game.width / 2) insets.right = Math.max(0, game.right - hud.left + gap);
    const chat = rect("chat-panel");
    if (chat) insets.bottom = Math.max(0, game.bottom - chat.top + gap);
    // The phone's minimap sits at the top: the map can scroll out from under it. (On a wide
    // screen it shares the bottom edge with the chat line, whose inset already covers it.)
    const overview = this.#minimap.rect();
    if (overview && overview.top + overview.height / 2 < game.top + game.height / 2) {
      insets.top = Math.max(insets.top, overview.bottom - game.top + gap);
    }
    // The notice board: beside the map on a wide screen (below), across the top on a phone.
    const board = rect("notice-board");
    if (board && board.width >= game.width * 0.75) insets.top = Math.max(insets.top, board.bottom - game.top + gap);
    for (const id of ["profile-page", "feed-page", "avatar-page", "notice-board"]) {
      const page = rect(id);
      if (page && page.width < game.width * 0.75) insets.left = Math.max(insets.left, page.right - game.left + gap);
    }
    return insets;
  }

  /** Opens the guide when this account has not finished or skipped it yet. */
  async #guideOnFirstVisit(generation: number): Promise<void> {
    if (guideOffForTests() || !(await this.deps.guide.shouldShow())) return;
    if (generation === this.#generation && this.#world) await this.#openGuide();
  }

  async #openGuide(): Promise<void> {
    try {
      this.#guide ??= new (await import("../ui/guide.ts")).Guide({
        ended: () => this.deps.guide.ended(),
        returnFocus: () => this.deps.gameParent.focus({ preventScroll: true }),
        showLegend: () => this.#hud.showLegend(),
      });
    } catch {
      this.deps.statusBar.showError(VIEW_LOAD_FAILED);
      return;
    }
    if (this.#world) this.#guide.open();
  }

  #schedulePeople(): void {
    if (this.#peopleTimer) return;
    this.#peopleTimer = setTimeout(() => {
      this.#peopleTimer = undefined;
      const world = this.#world;
      if (world) this.#hud.showPeople([...world.roster.values()].map((person) => ({ person, near: world.people.get(person.id) ?? null })));
    }, 250);
  }

  /**
   * Tears the open world down. `announce`: a deliberate leave says so on the status line
   * ("not in a space"); after a drop the status already says why and stays.
   */
  async #leave({ announce }: { announce: boolean }): Promise<void> {
    const world = this.#world;
    this.#world = null;
    this.#map = "";
    viewerMood.set(null);
    this.#menu.close();
    this.#guide?.close();
    clearTimeout(this.#peopleTimer);
    this.#peopleTimer = undefined;
    this.#hud.hide();
    this.#chat.hide();
    this.#minimap.hide();
    this.#board.close();
    this.deps.statusBar.setContext({ place: "" });
    if (world) await this.#dispose(world);
    if (world && announce) this.deps.onStatus({ kind: "idle" });
  }

  async #dispose(world: World): Promise<void> {
    world.keyboard.dispose();
    world.game.destroy(true);
    await world.connection.dispose();
  }
}
