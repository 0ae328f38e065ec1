import { Client, type Room } from "@colyseus/sdk";
import { CloseCode, type ErrorMessage, PROTOCOL_VERSION, RoomName, ServerMessage, SongMessage } from "#schema/protocol.ts";
import type { SongAccessChanged, SongDetail, SongInit, SongOpApplied, SongRole, SongWarnings } from "#schema/replies/song.ts";
import type { SongWarning } from "#schema/song/condition.ts";
import type { Song } from "#schema/song/model.ts";
import type { SongOp } from "#schema/song/ops.ts";
import type { Me } from "../net/auth-api.ts";
import type { SongApi } from "../net/song-api.ts";
import { describeClose } from "../net/close-reasons.ts";
import { type BytesRoom, ClosedBeforeAnswer, SongSync } from "../net/song-sync.ts";
import { GraphCanvas } from "../song/graph-canvas.ts";
import { mirrorOp, newSongId } from "../song/song-model.ts";
import { button, choiceForm, variablesPanel, versePanel, warningsPanel } from "../song/song-panel.ts";
import { VerseEditor } from "../song/verse-editor.ts";
import { requireElement } from "../ui/dom.ts";
import { replaceKeepingEdits, trackEdits } from "../ui/keep-edits.ts";
import { el } from "../ui/text.ts";
import type { View } from "./view.ts";

export interface SongParams {
  id: string;
}

const COLORS = ["#ff8fab", "#8ecae6", "#ffd166", "#90e0a0", "#c3a6ff", "#ffb38a"];
const colorOf = (name: string) => COLORS[[...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % COLORS.length] ?? "#ffd166";

/**
 * `#/songs/:id`: the Song editor. Joins the Song's `song` room: structure through ops
 * (acknowledged, broadcast in seq order and mirrored here), prose through SongSync (Yjs),
 * cursors through awareness. A viewer sees the same graph, panel and prose with no edit
 * control and a read-only editor.
 */
export class SongView implements View<SongParams> {
  readonly #root = requireElement("song-page", HTMLElement);
  #generation = 0;
  #room: Room | null = null;
  #sync: SongSync | null = null;
  #editor: VerseEditor | null = null;
  #song: Song | null = null;
  #detail: SongDetail | null = null;
  #role: SongRole = "viewer";
  #warnings: SongWarning[] = [];
  #selected: string | null = null;
  #selectedChoice: string | null = null;
  #graph: GraphCanvas | null = null;
  #status = el("p", "", "song-status");
  #panel = el("div", undefined, "song-panel");
  #header = el("header", undefined, "song-head");
  #proseHead = el("h3", "Prose");
  #proseHost = el("div", undefined, "song-prose-editor");
  /** Built once per open: rebuilt on every op, they would drop what the owner is typing. */
  #ownerBar: HTMLElement[] | null = null;

  constructor(
    private readonly api: SongApi,
    private readonly me: () => Me | null,
    private readonly showError: (m: string) => void,
  ) {
    trackEdits(this.#panel);
  }

  async open({ id }: SongParams): Promise<void> {
    await this.#release();
    const generation = ++this.#generation;
    this.#root.hidden = false;
    this.#root.replaceChildren(el("p", "Opening the Song…", "muted"));
    let room: Room;
    let detail: SongDetail;
    try {
      detail = await this.api.detail(id);
      if (generation !== this.#generation) return;
      room = await new Client(location.origin).joinOrCreate(RoomName.SONG, { protocol: PROTOCOL_VERSION, songId: id });
    } catch (e) {
      if (generation === this.#generation) this.#root.replaceChildren(el("p", `This Song cannot be opened: ${e instanceof Error ? e.message : String(e)}`, "form-error"));
      return;
    }
    if (generation !== this.#generation) {
      void room.leave();
      return;
    }
    this.#room = room;
    this.#detail = detail;
    room.onMessage(ServerMessage.SONG_INIT, (init: SongInit) => this.#onInit(init));
    room.onMessage(ServerMessage.SONG_OP, (m: SongOpApplied) => this.#onOp(m));
    room.onMessage(ServerMessage.SONG_WARNINGS, (w: SongWarnings) => {
      this.#warnings = w.warnings;
      this.#redraw();
    });
    room.onMessage(ServerMessage.SONG_ACCESS, (a: SongAccessChanged) => {
      this.#role = a.role;
      this.#editor?.setReadOnly(a.role === "viewer");
      this.#redraw();
    });
    // SongSync settles refused prose updates; the page tells the person what it means.
    room.onMessage(ServerMessage.ERROR, (e: ErrorMessage) => {
      if (e.requestId === SongMessage.YJS) this.#say(`Your last change to the prose was refused: ${e.message}. Reload the Song to continue.`, true);
    });
    room.onLeave((code) => {
      if (this.#room === room) this.#say(songLeftWords(code, this.#sync?.unconfirmed ?? 0), true);
    });
    this.#sync = new SongSync(room as unknown as BytesRoom);
  }

  async close(): Promise<void> {
    this.#generation++;
    await this.#release();
    this.#root.hidden = true;
  }

  async #release(): Promise<void> {
    const room = this.#room;
    this.#room = null;
    this.#editor?.unbind();
    this.#editor = null;
    this.#sync?.destroy();
    this.#sync = null;
    this.#song = null;
    this.#selected = null;
    this.#selectedChoice = null;
    this.#ownerBar = null;
    if (room) await room.leave().catch(() => undefined);
  }

  #onInit(init: SongInit): void {
    this.#song = init.song;
    this.#role = init.role;
    // Warnings go to editors only; a viewer sees those of the stored draft.
    this.#warnings = init.role === "viewer" && this.#detail ? this.#detail.warnings : init.warnings;
    this.#selected = init.song.start;
    this.#root.dataset.role = init.role;
    this.#graph = new GraphCanvas({
      select: (v) => this.#select(v),
      selectChoice: (c) => {
        this.#selectedChoice = c;
        this.#redraw();
      },
      move: (v, x, y) => void this.#op({ op: "verse.move", id: v, x, y }),
      link: (from, to) => void this.#op({ op: "choice.add", verse: from, id: newSongId("c"), label: "Go on", target: to }),
    });
    this.#editor = new VerseEditor(this.#proseHost);
    const scroller = el("div", undefined, "song-graph-scroll");
    scroller.append(this.#graph.root);
    const left = el("div", undefined, "song-main");
    left.append(scroller, this.#proseHead, this.#proseHost);
    const body = el("div", undefined, "song-body");
    body.append(left, this.#panel);
    this.#root.replaceChildren(this.#header, this.#status, body);
    this.#bindProse();
    this.#redraw();
  }

  #onOp({ op }: SongOpApplied): void {
    if (!this.#song) return;
    this.#song = mirrorOp(this.#song, op);
    if (op.op === "verse.add" && this.#selected === null) this.#select(op.id);
    if (this.#selected && !this.#song.verses.some((v) => v.id === this.#selected)) this.#select(this.#song.start);
    this.#redraw();
  }

  #select(verseId: string | null): void {
    const changed = verseId !== this.#selected;
    this.#selected = verseId;
    this.#selectedChoice = null;
    if (changed) this.#bindProse();
    this.#redraw();
  }

  #bindProse(): void {
    const verse = this.#song?.verses.find((v) => v.id === this.#selected);
    if (!this.#sync || !this.#editor || !verse) {
      this.#editor?.unbind();
      this.#proseHead.textContent = "Prose (select a Verse)";
      return;
    }
    this.#proseHead.textContent = `Prose of “${verse.title}”${this.#role === "viewer" ? " (read-only)" : ""}`;
    const name = this.me()?.user.username ?? "someone";
    this.#editor.bind(this.#sync.text(verse.id), this.#sync.awareness, { name, color: colorOf(name) }, this.#role === "viewer");
  }

  /** Sends an op; a refusal is shown in the room's words. Resolves true when stored. */
  async #op(op: SongOp): Promise<boolean> {
    if (!this.#sync) return false;
    try {
      await this.#sync.op(op);
      this.#say("");
      return true;
    } catch (e) {
      // The room left first: its leave already said what that means, in its own words.
      if (!(e instanceof ClosedBeforeAnswer)) this.#say(`Not changed: ${e instanceof Error ? e.message : String(e)}`, true);
      return false;
    }
  }

  #say(text: string, error = false): void {
    this.#status.textContent = text;
    this.#status.className = error ? "song-status form-error" : "song-status";
    this.#status.setAttribute("role", error ? "alert" : "status");
  }

  #redraw(): void {
    const song = this.#song;
    if (!song || !this.#graph) return;
    const editable = this.#role !== "viewer";
    this.#root.dataset.role = this.#role;
    this.#graph.draw(song, this.#warnings, this.#selected, editable);
    this.#drawHeader(song);
    const deps = { op: (op: SongOp) => this.#op(op) };
    const blocks: HTMLElement[] = [];
    if (editable) {
      blocks.push(
        button("Add a Verse", "add-verse", () => {
          const n = song.verses.length;
          void this.#op({ op: "verse.add", id: newSongId("v"), title: `Verse ${n + 1}`, x: 40 + (n % 4) * 280, y: 40 + Math.floor(n / 4) * 140 });
        }),
      );
    }
    const verse = song.verses.find((v) => v.id === this.#selected);
    const choice = song.verses.flatMap((v) => v.choices).find((c) => c.id === this.#selectedChoice);
    if (choice && editable) {
      const block = el("section", undefined, "song-panel-block");
      block.append(el("h3", "Choice"), choiceForm(song, choice, deps));
      blocks.push(block);
    } else if (verse) blocks.push(versePanel(song, verse, this.#role, deps));
    blocks.push(variablesPanel(song, this.#role, deps), warningsPanel(this.#warnings));
    replaceKeepingEdits(this.#panel, blocks);
    const current = song.verses.find((v) => v.id === this.#selected);
    if (current) this.#proseHead.textContent = `Prose of “${current.title}”${this.#role === "viewer" ? " (read-only)" : ""}`;
  }

  #drawHeader(song: Song): void {
    const d = this.#detail;
    const title = el("h2", song.title);
    const role = el("span", this.#role === "viewer" ? "watching (read-only)" : this.#role === "owner" ? "owner" : "co-author", "song-role");
    role.id = "song-role";
    const links: HTMLElement[] = [];
    if (d?.latestVersionId) {
      const read = el("a", `Read v${d.latestVersion}`);
      read.href = `#/songs/${encodeURIComponent(d.id)}/read/${encodeURIComponent(d.latestVersionId)}`;
      links.push(read);
    }
    if (d?.editors.length) links.push(el("span", `co-authors: ${d.editors.map((e) => `@${e}`).join(", ")}`, "muted"));
    if (this.#role === "owner") this.#ownerBar ??= this.#ownerActions();
    else this.#ownerBar = null;
    // The owner's controls move into the rebuilt bar as the same nodes: what is typed stays.
    const bar = this.#header.querySelector<HTMLElement>(".song-actions") ?? el("div", undefined, "song-actions");
    const keep = new Set<Node>(this.#ownerBar ?? []);
    for (const child of [...bar.children]) if (!keep.has(child)) child.remove();
    bar.prepend(...links);
    if (this.#ownerBar) for (const node of this.#ownerBar) if (node.parentNode !== bar) bar.append(node);
    for (const child of [...this.#header.children]) if (child !== bar) child.remove();
    this.#header.prepend(title, role);
    if (bar.parentNode !== this.#header) this.#header.append(bar);
  }

  /** Invite, watchable and publish: they read the Song's current detail when used. */
  #ownerActions(): HTMLElement[] {
    const detail = (): SongDetail => {
      if (!this.#detail) throw new Error("the Song is not open");
      return this.#detail;
    };
    const who = el("input");
    who.type = "text";
    who.name = "invite";
    who.placeholder = "username";
    who.spellcheck = false;
    const invite = button("Invite co-author", "invite", async () => {
      try {
        const name = who.value.trim();
        const s = await this.api.invite(detail().id, name);
        this.#detail = { ...detail(), ...s };
        who.value = "";
        this.#say(`@${name} can now write this Song.`);
        this.#redraw();
      } catch (e) {
        this.#say(`Not invited: ${e instanceof Error ? e.message : String(e)}`, true);
      }
    });
    const watch = el("input");
    watch.type = "checkbox";
    watch.name = "watchable";
    watch.checked = detail().watchable;
    watch.addEventListener("change", async () => {
      try {
        const s = await this.api.setWatchable(detail().id, watch.checked);
        this.#detail = { ...detail(), ...s };
      } catch (e) {
        watch.checked = !watch.checked;
        this.#say(`Not changed: ${e instanceof Error ? e.message : String(e)}`, true);
      }
    });
    const watchLabel = el("label", undefined, "song-check");
    watchLabel.append(watch, el("span", " others may watch"));
    const publish = button("Publish", "publish", async () => {
      try {
        const v = await this.api.publish(detail().id);
        this.#detail = { ...detail(), latestVersion: v.number, latestVersionId: v.id };
        this.#say(`Published v${v.number}: it is on your wall and in the feed.`);
        this.#redraw();
      } catch (e) {
        this.#say(`Not published: ${e instanceof Error ? e.message : String(e)}`, true);
        this.showError("The Song was not published.");
      }
    });
    const inviteBox = el("span", undefined, "song-invite");
    inviteBox.append(who, invite);
    return [inviteBox, watchLabel, publish];
  }
}

/**
 * Words for a closed Song room (the code stays out of them). Everything the room
 * acknowledged is stored; what it never confirmed may not be, and the person should know.
 */
export function songLeftWords(code: number, unconfirmed: number): string {
  const why = code === CloseCode.SERVER_SHUTDOWN || code === 4001 ? "The server restarted." : describeClose(code);
  const unsaved =
    unconfirmed > 0
      ? ` ${unconfirmed === 1 ? "Your last change was" : `Your last ${unconfirmed} changes were`} not confirmed as saved: check after reloading.`
      : " Every change you made is saved.";
  return `${why}${unsaved} Reload the Song to continue.`;
}
