import { SONG_VIEWS, type SongView } from "#schema/messages/song.ts";
import type { SongSummary } from "#schema/replies/song.ts";
import type { SongApi } from "../net/song-api.ts";
import { requireElement } from "../ui/dom.ts";
import { el, handle } from "../ui/text.ts";
import type { View } from "./view.ts";

const HEADINGS: Record<SongView, string> = { mine: "My Songs", shared: "Shared with me", published: "Published" };

/** `#/songs`: my Songs, those I co-write, the published ones; and a form to start a new Song. */
export class SongListView implements View<Record<string, never>> {
  readonly #root = requireElement("songs-page", HTMLElement);
  #generation = 0;

  constructor(private readonly api: SongApi) {}

  async open(): Promise<void> {
    const generation = ++this.#generation;
    this.#root.hidden = false;
    const form = el("form", undefined, "song-create");
    const title = el("input");
    title.type = "text";
    title.name = "title";
    title.placeholder = "Title of a new Song";
    title.maxLength = 80;
    const create = el("button", "Create a Song");
    create.type = "submit";
    const error = el("p", "", "form-error");
    error.hidden = true;
    form.append(title, create);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      try {
        const song = await this.api.create(title.value);
        location.hash = `#/songs/${encodeURIComponent(song.id)}`;
      } catch (err) {
        error.textContent = `Not created: ${err instanceof Error ? err.message : String(err)}`;
        error.hidden = false;
      }
    });
    const sections = SONG_VIEWS.map((v) => {
      const s = el("section", undefined, "song-list");
      s.dataset.list = v;
      s.append(el("h3", HEADINGS[v]), el("p", "Loading…", "muted"));
      return s;
    });
    this.#root.replaceChildren(el("h2", "Songs"), form, error, ...sections);
    await Promise.all(
      SONG_VIEWS.map(async (v, i) => {
        const list = await this.api.list(v).catch(() => null);
        if (generation !== this.#generation) return;
        const section = sections[i] as HTMLElement;
        const items = list ? list.songs.map((s) => this.#item(s, v)) : [el("p", "Could not load this list.", "form-error")];
        if (list && list.songs.length === 0) items.push(el("p", "None yet.", "muted"));
        section.replaceChildren(el("h3", HEADINGS[v]), ...items);
      }),
    );
  }

  async close(): Promise<void> {
    this.#generation++;
    this.#root.hidden = true;
  }

  #item(s: SongSummary, view: SongView): HTMLElement {
    const row = el("div", undefined, "song-item");
    row.dataset.songId = s.id;
    const title = el("a", s.title, "song-title");
    title.href = view === "published" && s.latestVersionId ? `#/songs/${encodeURIComponent(s.id)}/read/${encodeURIComponent(s.latestVersionId)}` : `#/songs/${encodeURIComponent(s.id)}`;
    row.append(title, el("span", " by ", "muted"), handle(s.owner));
    if (s.latestVersion !== null) row.append(el("span", ` · v${s.latestVersion}`, "muted"));
    if (view !== "published" && s.latestVersionId) {
      const read = el("a", "Read");
      read.href = `#/songs/${encodeURIComponent(s.id)}/read/${encodeURIComponent(s.latestVersionId)}`;
      row.append(el("span", " · "), read);
    }
    return row;
  }
}
