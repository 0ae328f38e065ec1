import Phaser from "phaser";
import type { MapObject } from "#schema/maps/objects.ts";
import type { AvatarSnapshot, SpaceConnection } from "../net/space-connection.ts";
import type { MinimapSnapshot } from "../ui/minimap.ts";
import { AvatarLayer, type AvatarPick, type DrawnAvatar, onCanvas } from "./avatar-layer.ts";
import { CameraRig, type Insets, NO_INSETS } from "./camera-rig.ts";
import { ClickMarker } from "./click-marker.ts";
import { FloorLayer } from "./floor-layer.ts";
import { lineIsClear } from "./line-of-sight.ts";
import { boardNear, nearestFreeSeat, type ObjectGrid, objectAt, SeatIntent } from "./map-objects.ts";
import { createTextures } from "./textures.ts";

export const WORLD_SCENE_KEY = "world";

/**
 * The space as seen by one person. It only wires things together: connection events go
 * to the layers, a click on the floor goes to the connection, and each frame the layers
 * and camera are brought up to date. It does not own the connection.
 */
export class WorldScene extends Phaser.Scene {
  readonly #connection: SpaceConnection;
  #floor!: FloorLayer;
  #avatars!: AvatarLayer;
  #marker!: ClickMarker;
  #cameraRig!: CameraRig;
  #unsubscribe: Array<() => void> = [];
  /** The map's tiles and objects, for clicks on benches and boards. */
  #grid: ObjectGrid = { tiles: [], tileSize: 32, objects: [] };
  /** The own avatar as the server last placed it. */
  #self: AvatarSnapshot | null = null;
  #seats!: SeatIntent;
  /** The board the own avatar stands next to now (it opens once per approach). */
  #nearBoard: MapObject | null = null;
  #markCreated!: () => void;
  /** Settles once create() has run and the scene listens to the connection. */
  readonly created: Promise<void> = new Promise((resolve) => {
    this.#markCreated = resolve;
  });

  /** Set by the world view: what happens when someone's avatar is clicked (the menu aimed at them). */
  onAvatarClick: (pick: AvatarPick) => void = () => undefined;
  /** Set by the world view: how much of the view page panels cover on each side. */
  insets: () => Insets = () => NO_INSETS;
  /** Set by the world view: an emote's sentence, for the page's live region. */
  onEmoteSentence: (sentence: string) => void = () => undefined;
  /** Set by the world view: a board was clicked or walked up to (`near`: it may close when one walks away). */
  onBoard: (board: MapObject, how: "click" | "near") => void = () => undefined;
  /** Set by the world view: what the minimap shows (the test hook reads it). */
  minimapState: () => MinimapSnapshot | null = () => null;
  /** Set by the world view: the own avatar walked away from the board it stood at. */
  onBoardLeft: () => void = () => undefined;
  /** Set by the world view: the name of someone present whose avatar may be out of view. */
  nameOf: (id: string) => string | undefined = () => undefined;

  constructor(connection: SpaceConnection) {
    super({ key: WORLD_SCENE_KEY });
    this.#connection = connection;
  }

  create(): void {
    createTextures(this);
    this.#floor = new FloorLayer(this);
    this.#avatars = new AvatarLayer(this, (pick) => this.onAvatarClick(pick));
    this.#marker = new ClickMarker(this);
    this.#cameraRig = new CameraRig(this.cameras.main);

    const conn = this.#connection;
    this.#seats = new SeatIntent({
      sit: (bench, seat) => conn.sit(bench, seat),
      stand: () => conn.stand(),
      move: (x, y) => conn.move(x, y),
    });
    const trackSelf = (a: AvatarSnapshot) => {
      if (!a.isSelf) return;
      this.#self = a;
      this.#seats.update(this.#grid, a, performance.now());
    };
    this.#unsubscribe.push(
      conn.on("map", (map) => {
        this.#floor.setMap(map);
        this.#grid = { tiles: map.tiles, tileSize: map.tileSize, objects: map.objects };
      }),
      conn.on("avatarAdded", trackSelf),
      conn.on("avatarChanged", trackSelf),
      conn.on("chat", (m) => this.#avatars.say(m.sessionId, m.scope === "whisper" ? `(whisper) ${m.text}` : m.text, performance.now())),
      conn.on("emote", (m) => {
        const sentence = this.#avatars.emote(m, performance.now(), this.nameOf);
        if (sentence) this.onEmoteSentence(sentence);
      }),
      conn.on("avatarAdded", (a) => this.#avatars.add(a, performance.now())),
      conn.on("avatarChanged", (a) => this.#avatars.change(a, performance.now())),
      conn.on("avatarRemoved", (id) => this.#avatars.remove(id)),
    );

    this.input.on(Phaser.Input.Events.POINTER_DOWN, (pointer: Phaser.Input.Pointer, over: Phaser.GameObjects.GameObject[]) => {
      // Primary button on bare floor only, pressed on the canvas (not on the chat panel or a menu over it).
      if (pointer.button !== 0 || over.length > 0 || !onCanvas(this, pointer)) return;
      const { worldX: x, worldY: y } = pointer;
      if (!this.#floor.contains(x, y)) return;
      this.#seats.cancel();
      const hit = objectAt(this.#grid, x, y);
      if (hit?.object.kind === "board") {
        this.onBoard(hit.object, "click");
        return;
      }
      if (hit?.object.kind === "bench") {
        this.#marker.show(x, y);
        this.#seats.request(this.#grid, hit.object, hit.index, this.#self, performance.now());
        return;
      }
      this.#marker.show(x, y);
      const self = this.#avatars.self();
      const target = { x: Math.round(x), y: Math.round(y) };
      // Run ahead of the server only on a straight clear line; around obstacles its path leads.
      if (self && lineIsClear(this.#floor.grid, self, target)) this.#avatars.predictTarget(target.x, target.y, performance.now());
      this.#connection.move(x, y);
    });

    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      for (const off of this.#unsubscribe.splice(0)) off();
      this.#avatars.clear();
    });
    this.#markCreated();
  }

  override update(): void {
    this.#avatars.update(performance.now());
    this.#cameraRig.update(this.#floor, this.#avatars.self(), this.insets());
    this.#watchBoards();
  }

  /** Walking up to a board opens it (once per approach); walking away lets it close. */
  #watchBoards(): void {
    const near = this.#self ? boardNear(this.#grid, this.#self) : null;
    if (near === this.#nearBoard) return;
    const left = this.#nearBoard !== null;
    this.#nearBoard = near;
    if (near) this.onBoard(near, "near");
    else if (left) this.onBoardLeft();
  }

  /**
   * The interact key, for those who play without a pointer: stands up when seated, opens the
   * board one stands at, else walks to the nearest free seat within reach and sits.
   * Returns what it did, or "nothing" when nothing is in reach (the view says so).
   */
  interact(): "stand" | "board" | "sit" | "nothing" {
    const self = this.#self;
    if (!self) return "nothing";
    if (self.seat) {
      this.#seats.cancel();
      this.#connection.stand();
      return "stand";
    }
    const board = boardNear(this.#grid, self);
    if (board) {
      this.onBoard(board, "click");
      return "board";
    }
    const taken = new Set(this.#avatars.drawn().map((a) => a.seat).filter((seat) => seat !== ""));
    const seat = nearestFreeSeat(this.#grid, self, taken);
    if (!seat) return "nothing";
    this.#seats.request(this.#grid, seat.bench, seat.index, self, performance.now());
    return "sit";
  }

  /** Asks to move the own avatar to a world point (the minimap's clicks). */
  walkTo(x: number, y: number): void {
    this.#seats.cancel();
    this.#marker.show(x, y);
    this.#connection.move(x, y);
  }

  /** What is drawn now, for the test hook. */
  drawnAvatars(): DrawnAvatar[] {
    return this.#avatars ? this.#avatars.drawn() : [];
  }

  /** The world point under a page (client) coordinate, or null outside the canvas. */
  worldPointAt(clientX: number, clientY: number): { x: number; y: number } | null {
    const rect = this.game.canvas.getBoundingClientRect();
    if (clientX < rect.left || clientY < rect.top || clientX > rect.right || clientY > rect.bottom) return null;
    const gameX = (clientX - rect.left) * (this.scale.width / rect.width);
    const gameY = (clientY - rect.top) * (this.scale.height / rect.height);
    const point = this.cameras.main.getWorldPoint(gameX, gameY);
    return { x: point.x, y: point.y };
  }

  /** The page (client) coordinate where world point (x, y) is drawn. */
  clientPointOf(x: number, y: number): { x: number; y: number } {
    const cam = this.cameras.main;
    const rect = this.game.canvas.getBoundingClientRect();
    const gameX = cam.x + (x - cam.worldView.x) * cam.zoom;
    const gameY = cam.y + (y - cam.worldView.y) * cam.zoom;
    return {
      x: rect.left + gameX * (rect.width / this.scale.width),
      y: rect.top + gameY * (rect.height / this.scale.height),
    };
  }
}
