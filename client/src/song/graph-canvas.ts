import type { SongWarning } from "#schema/song/condition.ts";
import type { Song, Verse } from "#schema/song/model.ts";

const SVG = "http://www.w3.org/2000/svg";
const W = 168;
const H = 56;
const PAD = 60;

export interface GraphActions {
  select(verseId: string): void;
  selectChoice(choiceId: string): void;
  move(verseId: string, x: number, y: number): void;
  link(from: string, to: string): void;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/**
 * The Song as a graph: Verses as boxes (drag to move; drag from the round handle onto
 * another Verse to link), choices as arrows, warnings marked on the nodes. Read-only for
 * viewers (no dragging, no handles). Redrawn whole from the Song: at most 500 Verses.
 */
export class GraphCanvas {
  readonly root: SVGSVGElement;
  readonly #layer = svg("g");
  #song: Song | null = null;
  #warnings: SongWarning[] = [];
  #selected: string | null = null;
  #editable = false;
  /** While dragging, the drawn position wins over the Song's until the move op comes back. */
  #dragging: { id: string; x: number; y: number } | null = null;

  constructor(private readonly actions: GraphActions) {
    this.root = svg("svg", { class: "song-graph", role: "img", "aria-label": "Verses and choices" });
    const defs = svg("defs");
    const marker = svg("marker", { id: "song-arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" });
    marker.append(svg("path", { d: "M0,0 L10,5 L0,10 z", class: "song-arrowhead" }));
    defs.append(marker);
    this.root.append(defs, this.#layer);
  }

  draw(song: Song, warnings: SongWarning[], selected: string | null, editable: boolean): void {
    this.#song = song;
    this.#warnings = warnings;
    this.#selected = selected;
    this.#editable = editable;
    this.#render();
  }

  #pos(v: Verse): { x: number; y: number } {
    return this.#dragging?.id === v.id ? this.#dragging : { x: v.x, y: v.y };
  }

  #render(): void {
    const song = this.#song;
    if (!song) return;
    const xs = song.verses.map((v) => this.#pos(v).x);
    const ys = song.verses.map((v) => this.#pos(v).y);
    const minX = (xs.length ? Math.min(...xs) : 0) - PAD / 2;
    const minY = (ys.length ? Math.min(...ys) : 0) - PAD;
    const maxX = Math.max(minX + 320, ...xs.map((x) => x + W)) + PAD;
    const maxY = Math.max(minY + 240, ...ys.map((y) => y + H)) + PAD;
    this.root.setAttribute("viewBox", `${minX} ${minY} ${maxX - minX} ${maxY - minY}`);
    this.root.setAttribute("width", String(maxX - minX));
    this.root.setAttribute("height", String(maxY - minY));
    const byId = new Map(song.verses.map((v) => [v.id, v]));
    const edges: SVGElement[] = [];
    const labels: SVGElement[] = [];
    for (const v of song.verses) {
      for (const c of v.choices) {
        const t = byId.get(c.target);
        if (!t) continue;
        const [edge, label] = this.#arrow(this.#pos(v), this.#pos(t), c.id, c.label, c.condition !== null, v.id === t.id);
        edges.push(edge);
        labels.push(label);
      }
    }
    const nodes = song.verses.map((v) => this.#node(v, song.start === v.id));
    // Labels last: over the boxes, so a short link's label is never hidden behind them.
    this.#layer.replaceChildren(...edges, ...nodes, ...labels);
  }

  #warningsOf(verseId: string): string[] {
    return this.#warnings
      .filter((w) => ("verse" in w && w.verse === verseId) || (w.kind === "trap" && w.verses.includes(verseId)))
      .map((w) => w.message);
  }

  #node(v: Verse, isStart: boolean): SVGGElement {
    const { x, y } = this.#pos(v);
    const warned = this.#warningsOf(v.id);
    const cls = ["song-node", isStart ? "start" : "", v.ending ? "ending" : "", v.id === this.#selected ? "selected" : "", warned.length ? "warned" : ""];
    const g = svg("g", { class: cls.filter(Boolean).join(" "), transform: `translate(${x} ${y})`, "data-verse-id": v.id, tabindex: 0 });
    const box = svg("rect", { width: W, height: H, rx: 10, class: "song-node-box" });
    const title = svg("text", { x: 12, y: 24, class: "song-node-title" });
    title.textContent = v.title.length > 20 ? `${v.title.slice(0, 19)}…` : v.title;
    const sub = svg("text", { x: 12, y: 44, class: "song-node-sub" });
    sub.textContent = [isStart ? "start" : "", v.ending ? "ending" : "", `${v.choices.length} choice${v.choices.length === 1 ? "" : "s"}`].filter(Boolean).join(" · ");
    const tip = svg("title");
    tip.textContent = warned.length ? `${v.title}\n⚠ ${warned.join("\n⚠ ")}` : v.title;
    g.append(tip, box, title, sub);
    if (warned.length) {
      const mark = svg("text", { x: W - 22, y: 22, class: "song-node-warning", "data-warning": warned.join(" | ") });
      mark.textContent = "⚠";
      g.append(mark);
    }
    g.addEventListener("click", () => this.actions.select(v.id));
    g.addEventListener("keydown", (e) => {
      if (e.key === "Enter") this.actions.select(v.id);
    });
    if (this.#editable) {
      const handle = svg("circle", { cx: W, cy: H / 2, r: 8, class: "song-node-handle", "data-handle": v.id });
      g.append(handle);
      // On the whole group: the title text sits over the box and takes the pointer there.
      g.addEventListener("pointerdown", (e) => this.#startMove(e, v));
      handle.addEventListener("pointerdown", (e) => this.#startLink(e, v));
    }
    return g;
  }

  #arrow(from: { x: number; y: number }, to: { x: number; y: number }, id: string, label: string, conditional: boolean, self: boolean): [SVGGElement, SVGTextElement] {
    const g = svg("g", { class: `song-edge${conditional ? " conditional" : ""}`, "data-choice-id": id });
    const x1 = from.x + W;
    const y1 = from.y + H / 2;
    const d = self
      ? `M${x1},${y1} C${x1 + 60},${y1 - 60} ${from.x + W / 2},${from.y - 60} ${from.x + W / 2},${from.y}`
      : (() => {
          const x2 = to.x;
          const y2 = to.y + H / 2;
          const dx = Math.max(40, Math.abs(x2 - x1) / 2);
          return `M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}`;
        })();
    const path = svg("path", { d, class: "song-edge-line", "marker-end": "url(#song-arrow)" });
    const hit = svg("path", { d, class: "song-edge-hit" });
    const text = svg("text", { x: (x1 + (self ? x1 : to.x)) / 2, y: (y1 + (self ? from.y - 40 : to.y + H / 2)) / 2 - 6, class: "song-edge-label" });
    text.textContent = `${conditional ? "◆ " : ""}${label.length > 24 ? `${label.slice(0, 23)}…` : label}`;
    text.setAttribute("data-choice-id", id);
    g.append(path, hit);
    g.addEventListener("click", () => this.actions.selectChoice(id));
    text.addEventListener("click", () => this.actions.selectChoice(id));
    return [g, text];
  }

  #toSong(e: PointerEvent): { x: number; y: number } {
    const m = this.root.getScreenCTM();
    if (!m) return { x: 0, y: 0 };
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
    return { x: p.x, y: p.y };
  }

  #startMove(e: PointerEvent, v: Verse): void {
    e.preventDefault();
    const start = this.#toSong(e);
    const origin = { x: v.x, y: v.y };
    let moved = false;
    const onMove = (ev: PointerEvent) => {
      const p = this.#toSong(ev);
      const x = Math.round(origin.x + p.x - start.x);
      const y = Math.round(origin.y + p.y - start.y);
      if (!moved && Math.abs(x - origin.x) + Math.abs(y - origin.y) < 4) return;
      moved = true;
      this.#dragging = { id: v.id, x, y };
      const g = this.#layer.querySelector(`[data-verse-id="${CSS.escape(v.id)}"]`);
      g?.setAttribute("transform", `translate(${x} ${y})`);
    };
    const onUp = () => {
      window.removeEventListener("pointermove", onMove);
      window.removeEventListener("pointerup", onUp);
      const d = this.#dragging;
      this.#dragging = null;
      if (moved && d) {
        // Keep the dropped position drawn until the op comes back (the Song is updated then).
        this.#song = this.#song && { ...this.#song, verses: this.#song.verses.map((x) => (x.id === d.id ? { ...x, x: d.x, y: d.y } : x)) };
        this.#render();
        this.actions.move(d.id, d.x, d.y);
      }
    };
    window.addEventListener("pointermove", onMove);
    window.addEventListener("pointerup", onUp);
  }

  #startLink(e: PointerEvent, v: Verse): void {
    e.preventDefault();
    e.stopPropagation();
    const from = { x: v.x + W, y: v.y + H / 2 };
    const line = svg("line", { x1: from.x, y1: from.y, x2: from.x, y2: from.y, class: "song-link-preview" });
    this.#layer.append(line);
    const onMove = (ev: PointerEvent) => {
      const p = this.#toSong(ev);
      line.setAttribute("x2", String(p.x));
      line.setAttribute("y2", String(p.y));
    };
    const onUp = (ev: PointerEvent) => {
      window.removeEventListener("pointermove", onMove);
      window.removeEventListener("pointerup", onUp);
      line.remove();
      const target = document.elementFromPoint(ev.clientX, ev.clientY)?.closest("[data-verse-id]");
      const to = target?.getAttribute("data-verse-id");
      if (to) this.actions.link(v.id, to);
    };
    window.addEventListener("pointermove", onMove);
    window.addEventListener("pointerup", onUp);
  }
}
