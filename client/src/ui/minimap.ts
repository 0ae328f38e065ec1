import "./map-panels.css";
import { TILE } from "#schema/maps/legend.ts";
import type { AvatarSnapshot, MapInfo } from "../net/space-connection.ts";
import { themeOf } from "../scenes/map-themes.ts";
import { releaseFocusAfterPointer } from "./focus.ts";
import { el } from "./text.ts";

/** What the minimap shows now (the test hook reads a copy). */
export interface MinimapSnapshot {
  shown: boolean;
  /** Canvas size in CSS pixels. */
  width: number;
  height: number;
  /** The dots drawn, world units; the own one marked. */
  dots: Array<{ x: number; y: number; self: boolean }>;
}

/** The largest the map drawing may be, CSS px (a phone gets a smaller one). */
const MAX_SIZE = { wide: { w: 160, h: 96 }, narrow: { w: 112, h: 80 } } as const;
/** People dots are redrawn at most this often. */
const REDRAW_MS = 200;

/** Fixed colours of things the themes do not colour as floor. */
const THING_COLOURS: Record<string, string> = {
  [TILE.BOARD]: "#ffd84a",
  [TILE.BENCH]: "#a87a4c",
  [TILE.TABLE]: "#8a623c",
  [TILE.SHELF]: "#6b4a2b",
  [TILE.PLANT]: "#47a355",
  [TILE.ROCK]: "#9ca1a8",
  [TILE.TREE]: "#2f7d3e",
  [TILE.WATER]: "#3b82c8",
};

const css = (colour: number) => `#${colour.toString(16).padStart(6, "0")}`;

/**
 * A small overview of the space in a corner: walls, paths, water and furniture in the
 * map's colours, the own avatar as a ringed dot and everyone else this client knows of
 * as small dots. Foldable; a click on it walks there. It lives beside the game, drawn
 * on its own canvas, so it never blocks the chat or the side panel.
 */
export class Minimap {
  readonly #root = el("section", undefined, "minimap");
  readonly #toggle = el("button", "Hide map", "minimap-toggle");
  readonly #canvas = el("canvas", undefined, "minimap-canvas");
  #map: MapInfo | null = null;
  #drawnKey = "";
  #tiles: HTMLCanvasElement | null = null;
  #scale = 1;
  /** Device pixels per CSS pixel the canvas was sized for. */
  #ratio = 1;
  #people: AvatarSnapshot[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #dots: MinimapSnapshot["dots"] = [];

  constructor(
    parent: HTMLElement,
    private readonly walkTo: (x: number, y: number) => void,
  ) {
    this.#root.id = "minimap";
    this.#root.setAttribute("aria-label", "Map overview");
    this.#root.hidden = true;
    this.#toggle.type = "button";
    this.#toggle.id = "minimap-toggle";
    this.#toggle.setAttribute("aria-controls", "minimap-canvas");
    this.#canvas.id = "minimap-canvas";
    this.#canvas.setAttribute("role", "img");
    this.#toggle.addEventListener("click", () => this.#setOpen(this.#canvas.hidden === true));
    this.#canvas.addEventListener("click", (e) => this.#clicked(e));
    this.#root.append(this.#canvas, this.#toggle);
    releaseFocusAfterPointer(this.#root);
    parent.append(this.#root);
    this.#setOpen(true);
  }

  show(): void {
    this.#root.hidden = false;
  }

  hide(): void {
    this.#root.hidden = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#map = null;
    this.#drawnKey = "";
    this.#people = [];
  }

  setMap(map: MapInfo): void {
    this.#map = map;
    const key = `${map.name}|${map.tiles.length}|${map.tiles.join("").length}|${window.innerWidth <= 640}`;
    if (key === this.#drawnKey || map.tiles.length === 0) return;
    this.#drawnKey = key;
    this.#tiles = this.#drawTiles(map);
    this.#draw();
  }

  /** Everyone this client knows of (the space's state); redrawn soon, not on every patch. */
  setPeople(people: Iterable<AvatarSnapshot>): void {
    this.#people = [...people];
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.#draw();
    }, REDRAW_MS);
  }

  /** What is shown now, copied. */
  snapshot(): MinimapSnapshot {
    return {
      shown: !this.#root.hidden && !this.#canvas.hidden,
      width: this.#canvas.clientWidth,
      height: this.#canvas.clientHeight,
      dots: this.#dots.map((d) => ({ ...d })),
    };
  }

  /** The screen rectangle it covers (for the camera's insets), or null when hidden. */
  rect(): DOMRect | null {
    return this.#root.hidden ? null : this.#root.getBoundingClientRect();
  }

  #setOpen(open: boolean): void {
    this.#canvas.hidden = !open;
    // The visible words are the name (WCAG 2.5.3: a voice user says what they see); aria-expanded tells the state.
    this.#toggle.textContent = open ? "Hide map" : "Show map";
    this.#toggle.setAttribute("aria-expanded", String(open));
  }

  /** The tiles drawn once per map at one device pixel per minimap pixel. */
  #drawTiles(map: MapInfo): HTMLCanvasElement {
    const narrow = window.innerWidth <= 640;
    const max = narrow ? MAX_SIZE.narrow : MAX_SIZE.wide;
    const cols = map.tiles[0]?.length ?? 1;
    const rows = map.tiles.length;
    const cell = Math.max(2, Math.min(max.w / cols, max.h / rows));
    const ratio = Math.max(1, Math.ceil(window.devicePixelRatio || 1));
    const width = Math.round(cols * cell);
    const height = Math.round(rows * cell);
    this.#scale = cell / map.tileSize;
    this.#ratio = ratio;
    this.#canvas.style.width = `${width}px`;
    this.#canvas.style.height = `${height}px`;
    this.#canvas.width = width * ratio;
    this.#canvas.height = height * ratio;
    const tiles = document.createElement("canvas");
    tiles.width = width * ratio;
    tiles.height = height * ratio;
    const g = tiles.getContext("2d");
    if (!g) return tiles;
    g.scale(ratio, ratio);
    const theme = themeOf(map.name);
    map.tiles.forEach((line, row) => {
      for (let col = 0; col < line.length; col++) {
        const tile = line[col] ?? TILE.WALL;
        const thing = THING_COLOURS[tile];
        const look = theme.tiles[tile] ?? theme.tiles[TILE.FLOOR];
        g.fillStyle = thing ?? (look ? css(look.fill[0]) : "#555");
        // Whole device pixels per edge, so neighbouring tiles leave no seams.
        const x0 = Math.floor(col * cell * ratio) / ratio;
        const y0 = Math.floor(row * cell * ratio) / ratio;
        g.fillRect(x0, y0, Math.floor((col + 1) * cell * ratio) / ratio - x0, Math.floor((row + 1) * cell * ratio) / ratio - y0);
      }
    });
    this.#canvas.setAttribute("aria-label", `Overview of ${map.title}: you are the ringed dot. Click it to walk there.`);
    return tiles;
  }

  #draw(): void {
    const g = this.#canvas.getContext("2d");
    if (!g || !this.#tiles || !this.#map) return;
    const ratio = this.#ratio;
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, this.#canvas.width, this.#canvas.height);
    g.drawImage(this.#tiles, 0, 0);
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    const s = this.#scale;
    // Others first, the own dot last so it is never hidden under someone.
    const people = [...this.#people].sort((a, b) => Number(a.isSelf) - Number(b.isSelf));
    this.#dots = [];
    for (const p of people) {
      const x = p.x * s;
      const y = p.y * s;
      g.beginPath();
      g.arc(x, y, p.isSelf ? 3.5 : 2.5, 0, Math.PI * 2);
      g.fillStyle = p.isSelf ? "#ffffff" : p.reconnecting ? "rgba(200, 210, 225, 0.5)" : "#7fd0ff";
      g.fill();
      g.lineWidth = 1.5;
      g.strokeStyle = "#10141c";
      g.stroke();
      if (p.isSelf) {
        g.beginPath();
        g.arc(x, y, 6, 0, Math.PI * 2);
        g.strokeStyle = "#ffd84a";
        g.lineWidth = 1.5;
        g.stroke();
      }
      this.#dots.push({ x: p.x, y: p.y, self: p.isSelf });
    }
  }

  #clicked(e: MouseEvent): void {
    if (!this.#map || this.#scale <= 0) return;
    // offsetX/Y are inside the border, where the drawing starts.
    const x = e.offsetX / this.#scale;
    const y = e.offsetY / this.#scale;
    if (x < 0 || y < 0 || x > this.#map.width || y > this.#map.height) return;
    this.walkTo(Math.round(x), Math.round(y));
  }
}
