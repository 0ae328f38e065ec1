import { Client, type Room } from "@colyseus/sdk";
import { type ErrorMessage, PROTOCOL_VERSION, RoomName, ServerMessage, SongReadMessage } from "#schema/protocol.ts";
import type { SongReadDecided } from "#schema/replies/song.ts";
import type { ReadChoice, Reader, SongReadState } from "#schema/state/song.ts";
import type { Me } from "../net/auth-api.ts";
import type { SongApi } from "../net/song-api.ts";
import { button } from "../song/song-panel.ts";
import "../song/song-together.css";
import {
  closeWords,
  joinRefusalWords,
  moodWords,
  outcomeWords,
  plural,
  refusalWords,
  soloAddress,
  timerWords,
  togetherAddress,
} from "../song/together-words.ts";
import { requireElement } from "../ui/dom.ts";
import { closeOnEscape, focusOverlay, overlayBar } from "../ui/overlay.ts";
import { el } from "../ui/text.ts";
import type { View } from "./view.ts";

export interface TogetherParams {
  id: string;
  version: string;
}

/**
 * The page of a group reading. Built here rather than in index.html so the Song's
 * together reader stays in the Song's files; it sits beside the solo reader's page and,
 * like it, is an overlay over the world (the readers' avatars stay, so their moods do).
 */
function togetherPage(): HTMLElement {
  const existing = document.getElementById("song-together-page");
  if (existing) return existing;
  const page = el("section", undefined, "page song-reader song-together");
  page.id = "song-together-page";
  page.setAttribute("role", "dialog");
  page.setAttribute("aria-label", "Reading together");
  page.dataset.overlay = "";
  page.dataset.wide = "";
  page.hidden = true;
  requireElement("song-reader-page", HTMLElement).after(page);
  return page;
}

/**
 * `#/songs/:id/together/:version`: a Song session. Joins the version's one `song-read`
 * room (everyone who opens the same address reads together): the Verse everyone sees,
 * the choices the room's mean mood allows with live votes and who cast them, the
 * server's countdown, the readers present, and what each closed vote decided. The room
 * decides; this page only draws its state and sends votes.
 */
export class SongTogetherView implements View<TogetherParams> {
  readonly #root = togetherPage();
  readonly #bar: HTMLElement;
  #generation = 0;
  #room: Room<SongReadState> | null = null;
  #songId = "";
  #versionId = "";
  /** Choice labels and Verse titles of the version, for the outcome of a vote. */
  #names = new Map<string, string>();
  /** The choices drawn: redrawn only when they change, so a click never lands on a replaced button. */
  #choicesKey = "";
  #verseKey = "";
  #parts: Parts | null = null;
  /** The last vote that closed: shown while the room is at the step it led to (not after a restart). */
  #decided: SongReadDecided | null = null;

  constructor(
    private readonly api: SongApi,
    private readonly me: () => Me | null,
    closeOverlay: () => void,
  ) {
    this.#bar = overlayBar("the reading", closeOverlay);
    closeOnEscape(this.#root, closeOverlay);
  }

  async open({ id, version }: TogetherParams): Promise<void> {
    await this.#release();
    const generation = ++this.#generation;
    const root = this.#root;
    root.hidden = false;
    root.replaceChildren(this.#bar, el("p", "Joining the reading…", "muted"));
    focusOverlay(root);
    this.#songId = id;
    this.#versionId = version;
    let room: Room<SongReadState>;
    try {
      const v = await this.api.version(version).catch(() => {
        throw Object.assign(new Error("gone"), { code: 404 });
      });
      if (generation !== this.#generation) return;
      this.#names = new Map(v.song.verses.flatMap((x) => [[x.id, x.title] as const, ...x.choices.map((c) => [c.id, c.label] as const)]));
      room = await new Client(location.origin).joinOrCreate<SongReadState>(RoomName.SONG_READ, { protocol: PROTOCOL_VERSION, versionId: version });
      if (generation !== this.#generation) {
        void room.leave();
        return;
      }
      this.#parts = buildParts(`Reading together: ${v.title} · v${v.number}`, this.#shareUrl());
    } catch (e) {
      if (generation === this.#generation) this.#ended(joinRefusalWords(e));
      return;
    }
    this.#room = room;
    this.#choicesKey = "";
    this.#verseKey = "";
    this.#decided = null;
    this.#mount();
    room.onStateChange((state) => {
      if (this.#room === room) this.#draw(state);
    });
    room.onMessage(ServerMessage.SONG_READ_DECIDED, (d: SongReadDecided) => {
      if (this.#room !== room) return;
      this.#decided = d;
      this.#draw(room.state);
    });
    room.onMessage(ServerMessage.ERROR, (e: ErrorMessage) => {
      if (this.#room === room) this.#say(refusalWords(e.code, e.message));
    });
    room.onLeave((code, reason) => {
      // Our own leave clears #room first; anything else (a kick, a failed re-auth, the server going) closes the view.
      if (this.#room !== room) return;
      this.#room = null;
      this.#ended(closeWords(code, reason));
    });
    this.#draw(room.state);
  }

  async close(): Promise<void> {
    this.#generation++;
    await this.#release();
    this.#root.hidden = true;
  }

  async #release(): Promise<void> {
    const room = this.#room;
    this.#room = null;
    this.#parts = null;
    if (room) await room.leave().catch(() => undefined);
  }

  #shareUrl(): string {
    return `${location.origin}${location.pathname}${togetherAddress(this.#songId, this.#versionId)}`;
  }

  #mount(): void {
    const p = this.#parts;
    if (!p) return;
    p.leave.addEventListener("click", () => {
      location.hash = soloAddress(this.#songId, this.#versionId);
    });
    p.restart.addEventListener("click", () => this.#room?.send(SongReadMessage.RESTART, {}));
    this.#root.replaceChildren(this.#bar, p.box);
  }

  #say(words: string): void {
    if (this.#parts) this.#parts.status.textContent = words;
  }

  /** The session is over (or never began): words, and the ways on. No controls of the session stay. */
  #ended(words: string): void {
    const back = el("a", "Read it alone", "together-back");
    back.href = soloAddress(this.#songId, this.#versionId);
    const songs = el("a", "All Songs");
    songs.href = "#/songs";
    const ways = el("p", undefined, "song-row");
    ways.append(back, songs);
    const msg = el("p", words, "form-error together-closed");
    msg.setAttribute("role", "alert");
    this.#root.replaceChildren(this.#bar, el("h2", "Reading together"), msg, ways);
    this.#parts = null;
  }

  #draw(s: SongReadState): void {
    const p = this.#parts;
    // Before the first state arrives the SDK's state has no collections yet.
    if (!p || !s?.readers || !s.choices) return;
    const myId = this.me()?.user.id ?? "";
    const readers = [...s.readers.values()] as Reader[];
    const mine = readers.find((r) => r.userId === myId)?.choice ?? "";
    p.box.dataset.step = String(s.step);
    p.box.dataset.verseId = s.verseId;
    p.box.dataset.ending = String(s.ending);
    p.mood.textContent = moodWords(s.mood);
    p.mood.dataset.mood = s.mood;
    const verseKey = `${s.step}:${s.verseId}`;
    if (verseKey !== this.#verseKey) {
      this.#verseKey = verseKey;
      drawVerse(p.verse, s);
      this.#say("");
      // The bar's full length is the first count seen for this Verse (the room's vote length, or what is left of it).
      p.clock.max = 1;
    }
    const choices = [...s.choices] as ReadChoice[];
    const choicesKey = `${verseKey}|${choices.map((c) => `${c.id}:${c.gated}`).join(",")}`;
    if (choicesKey !== this.#choicesKey) {
      this.#choicesKey = choicesKey;
      p.choices.replaceChildren(...choices.map((c) => this.#choiceItem(c, s.mood)));
    }
    for (const c of choices) updateChoice(p.choices, c, readers, mine === c.id);
    p.timer.textContent = timerWords(s.secondsLeft, s.ending, choices.length);
    p.timer.dataset.seconds = String(s.secondsLeft);
    p.clock.hidden = s.ending || choices.length === 0;
    p.clock.value = s.secondsLeft;
    p.clock.max = Math.max(p.clock.max, s.secondsLeft, 1);
    // A dead end (no choice offered) can be restarted too (SG67): the room has no vote to wait for.
    p.restart.hidden = !s.ending && choices.length > 0;
    const d = this.#decided;
    // The decision comes just before the state that carries its Verse: shown from that state on, for that step only.
    p.outcome.textContent = d && s.step === d.step + 1 ? outcomeWords(d, (c) => this.#names.get(c) ?? c) : "";
    drawReaders(p.readers, p.readersHead, readers, myId, !s.ending && choices.length > 0);
  }

  #choiceItem(c: ReadChoice, mood: string): HTMLElement {
    const li = el("li", undefined, "together-choice");
    li.dataset.choiceId = c.id;
    const b = button(c.label, "vote", () => this.#room?.send(SongReadMessage.VOTE, { choice: c.id }));
    b.dataset.choiceId = c.id;
    li.append(b, el("span", "", "together-count"), el("span", "", "together-voters muted"));
    if (c.gated === "mood") {
      li.classList.add("gated");
      const mark = el("span", `☯ shown because the room feels ${mood}`, "reader-gated");
      mark.dataset.gated = "mood";
      li.append(mark);
    }
    return li;
  }
}

/** The parts of a session's page that are updated in place. */
interface Parts {
  box: HTMLElement;
  status: HTMLElement;
  mood: HTMLElement;
  verse: HTMLElement;
  timer: HTMLElement;
  clock: HTMLProgressElement;
  choices: HTMLElement;
  outcome: HTMLElement;
  readers: HTMLElement;
  readersHead: HTMLElement;
  restart: HTMLButtonElement;
  leave: HTMLButtonElement;
}

function buildParts(title: string, shareUrl: string): Parts {
  const box = el("div", undefined, "together");
  const share = el("div", undefined, "together-share");
  const input = el("input");
  input.readOnly = true;
  input.name = "share";
  input.value = shareUrl;
  input.setAttribute("aria-label", "The address of this reading session");
  input.addEventListener("focus", () => input.select());
  const copy = button("Copy", "copy-share", () => {
    input.select();
    void navigator.clipboard?.writeText(shareUrl).then(
      () => (copy.textContent = "Copied"),
      () => undefined,
    );
  });
  share.append(el("span", "Share this address: whoever opens it (signed in) reads with you.", "muted"), input, copy);
  const parts: Parts = {
    box,
    status: el("p", "", "together-status form-error"),
    mood: el("p", "", "together-mood muted"),
    verse: el("article", undefined, "reader-verse together-verse"),
    timer: el("p", "", "together-timer"),
    clock: el("progress", undefined, "together-clock"),
    choices: el("ul", undefined, "reader-choices together-choices"),
    outcome: el("p", "", "together-outcome"),
    readers: el("ul", undefined, "together-readers"),
    readersHead: el("h4", "Readers"),
    restart: button("Read again from the start", "restart", () => undefined),
    leave: button("Leave the reading", "leave", () => undefined),
  };
  parts.status.setAttribute("role", "status");
  parts.outcome.setAttribute("aria-live", "polite");
  parts.clock.max = 1;
  const main = el("div", undefined, "together-main");
  // What the last vote decided comes first: it is how the room got to the Verse below.
  main.append(parts.outcome, parts.mood, parts.verse, parts.timer, parts.clock, parts.choices);
  const side = el("aside", undefined, "together-side");
  side.append(parts.readersHead, parts.readers);
  const tools = el("div", undefined, "song-row");
  tools.append(parts.restart, parts.leave);
  const body = el("div", undefined, "together-body");
  body.append(main, side);
  box.append(el("h2", title), share, parts.status, body, tools);
  return parts;
}

function drawVerse(article: HTMLElement, s: SongReadState): void {
  article.dataset.verseId = s.verseId;
  const parts: HTMLElement[] = [el("h3", s.verseTitle)];
  for (const para of s.prose.split(/\n{2,}/)) if (para.trim()) parts.push(el("p", para, "reader-prose"));
  if (s.ending) parts.push(el("p", "The end.", "reader-end"));
  article.replaceChildren(...parts);
}

function updateChoice(list: HTMLElement, c: ReadChoice, readers: Reader[], mine: boolean): void {
  const li = list.querySelector<HTMLElement>(`li[data-choice-id="${CSS.escape(c.id)}"]`);
  if (!li) return;
  const names = readers.filter((r) => r.choice === c.id).map((r) => r.name);
  li.classList.toggle("mine", mine);
  li.querySelector("button")?.setAttribute("aria-pressed", String(mine));
  const count = li.querySelector<HTMLElement>(".together-count");
  if (count) {
    count.textContent = plural(c.votes, "vote");
    count.dataset.votes = String(c.votes);
  }
  const voters = li.querySelector<HTMLElement>(".together-voters");
  if (voters) voters.textContent = names.length ? `· ${[...new Set(names)].join(", ")}` : "";
}

function drawReaders(list: HTMLElement, head: HTMLElement, readers: Reader[], myId: string, voteOpen: boolean): void {
  // One line per person (a second tab is the same reader with the same vote).
  const people = new Map<string, Reader>();
  for (const r of readers) people.set(r.userId, r);
  head.textContent = `Readers here (${people.size})`;
  list.replaceChildren(
    ...[...people.values()].map((r) => {
      const li = el("li", undefined, r.voted ? "voted" : "");
      li.dataset.userId = r.userId;
      li.append(el("span", r.userId === myId ? `${r.name} (you)` : r.name));
      if (voteOpen) li.append(el("span", r.voted ? " ✓ voted" : " … choosing", "muted"));
      return li;
    }),
  );
}
