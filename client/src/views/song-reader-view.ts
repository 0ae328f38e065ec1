import type { ReadingView } from "#schema/replies/song.ts";
import type { SongApi } from "../net/song-api.ts";
import { button } from "../song/song-panel.ts";
import { togetherAddress } from "../song/together-words.ts";
import { requireElement } from "../ui/dom.ts";
import { closeOnEscape, focusOverlay, overlayBar } from "../ui/overlay.ts";
import { el } from "../ui/text.ts";
import type { View } from "./view.ts";

export interface ReaderParams {
  id: string;
  version: string | null;
}

/**
 * `#/songs/:id/read/:version?`: solo reading of a published version (the newest when none
 * is named). The current Verse's prose, the choices the reader's state and mood allow;
 * a choice shown only because of the reader's mood is marked so. Restart; path and
 * variables on request.
 */
export class SongReaderView implements View<ReaderParams> {
  readonly #root = requireElement("song-reader-page", HTMLElement);
  #generation = 0;
  #versionId = "";
  #songId = "";
  #title = "";
  #showState = false;
  /** Verse and choice titles of the version, for the path. */
  #names = new Map<string, string>();

  readonly #bar: HTMLElement;

  constructor(
    private readonly api: SongApi,
    closeOverlay: () => void,
  ) {
    this.#bar = overlayBar("the Song", closeOverlay);
    closeOnEscape(this.#root, closeOverlay);
  }

  async open({ id, version }: ReaderParams): Promise<void> {
    const generation = ++this.#generation;
    this.#root.hidden = false;
    this.#root.replaceChildren(this.#bar, el("p", "Opening the Song…", "muted"));
    focusOverlay(this.#root);
    try {
      const versionId = version ?? (await this.api.versions(id)).versions[0]?.id;
      if (!versionId) throw new Error("this Song has no published version yet");
      const [v, reading] = await Promise.all([this.api.version(versionId), this.api.reading(versionId)]);
      if (generation !== this.#generation) return;
      this.#versionId = versionId;
      this.#songId = id;
      this.#title = `${v.title} · v${v.number}`;
      this.#names = new Map(v.song.verses.flatMap((x) => [[x.id, x.title] as const, ...x.choices.map((c) => [c.id, c.label] as const)]));
      this.#draw(reading);
    } catch (e) {
      if (generation === this.#generation) this.#root.replaceChildren(this.#bar, el("p", `This Song cannot be read: ${e instanceof Error ? e.message : String(e)}`, "form-error"));
    }
  }

  async close(): Promise<void> {
    this.#generation++;
    this.#root.hidden = true;
  }

  async #act(call: () => Promise<ReadingView>): Promise<void> {
    const generation = this.#generation;
    try {
      const reading = await call();
      if (generation === this.#generation) this.#draw(reading);
    } catch (e) {
      const err = this.#root.querySelector(".reader-error");
      if (err) err.textContent = e instanceof Error ? e.message : String(e);
    }
  }

  #draw(r: ReadingView): void {
    const article = el("article", undefined, "reader-verse");
    article.dataset.verseId = r.verse.id;
    article.append(el("h3", r.verse.title));
    for (const para of r.verse.prose.split(/\n{2,}/)) if (para.trim()) article.append(el("p", para, "reader-prose"));
    const mood = el("p", `You feel ${r.mood.label}${r.mood.source === "neutral" ? " (no avatar in the world: read as neutral)" : ""}.`, "reader-mood muted");
    const choices = el("ul", undefined, "reader-choices");
    for (const c of r.choices) {
      const li = el("li");
      const b = button(c.label, "choose", () => void this.#act(() => this.api.choose(this.#versionId, c.id)));
      b.dataset.choiceId = c.id;
      li.append(b);
      if (c.gated === "mood") {
        li.classList.add("gated");
        const mark = el("span", `☯ shown because you feel ${r.mood.label}`, "reader-gated");
        mark.dataset.gated = "mood";
        li.append(mark);
      }
      choices.append(li);
    }
    if (r.verse.ending || r.state.ended) choices.append(el("li", "The end.", "reader-end"));
    else if (r.choices.length === 0) choices.append(el("li", "No way on is open to you now.", "muted"));
    const tools = el("div", undefined, "song-row");
    tools.append(
      button("Restart", "restart", () => void this.#act(() => this.api.restart(this.#versionId))),
      button(this.#showState ? "Hide path and variables" : "Show path and variables", "toggle-state", () => {
        this.#showState = !this.#showState;
        this.#draw(r);
      }),
    );
    // A Song session: everyone who opens this address reads this version together, voting on each step.
    const together = el("a", "Read together", "song-read-together");
    together.href = togetherAddress(this.#songId, this.#versionId);
    together.dataset.action = "read-together";
    tools.append(together);
    const parts: HTMLElement[] = [this.#bar, el("h2", this.#title), mood, article, choices, tools, el("p", "", "reader-error form-error")];
    if (this.#showState) parts.push(stateBlock(r, (id) => this.#names.get(id) ?? id));
    this.#root.replaceChildren(...parts);
  }
}

function stateBlock(r: ReadingView, name: (id: string) => string): HTMLElement {
  const box = el("section", undefined, "reader-state");
  box.append(el("h4", `Path (${r.state.steps} steps)`));
  const path = el("ol");
  for (const step of r.state.path) path.append(el("li", step.choice ? `${name(step.verse)} (by “${name(step.choice)}”)` : name(step.verse)));
  box.append(path, el("h4", "Variables"));
  const vars = el("ul");
  for (const [k, v] of Object.entries(r.state.vars)) vars.append(el("li", `${k} = ${String(v)}`));
  if (Object.keys(r.state.vars).length === 0) vars.append(el("li", "none", "muted"));
  box.append(vars);
  return box;
}
