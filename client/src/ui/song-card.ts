import type { SongApi } from "../net/song-api.ts";
import { togetherAddress } from "../song/together-words.ts";
import { el } from "./text.ts";

/**
 * A published Song version as the feed and walls show it (a post with `ref {kind: "song",
 * id: <versionId>}`): its title and number, loaded on its own, and a link that opens the reader.
 */
export function songCard(versionId: string, api: SongApi): HTMLElement {
  const box = el("section", undefined, "song-card");
  box.dataset.songVersionId = versionId;
  box.append(el("p", "A Song…", "muted"));
  api
    .version(versionId)
    .then((v) => {
      const read = el("a", "Read this Song", "song-card-read");
      read.href = `#/songs/${encodeURIComponent(v.songId)}/read/${encodeURIComponent(v.id)}`;
      const together = el("a", "Read together", "song-card-together");
      together.href = togetherAddress(v.songId, v.id);
      const links = el("p", undefined, "song-row");
      links.append(read, together);
      const verses = v.song.verses.length;
      box.replaceChildren(el("p", `♪ ${v.title}`, "song-card-title"), el("p", `v${v.number} · ${verses} Verse${verses === 1 ? "" : "s"}`, "muted"), links);
    })
    .catch(() => box.replaceChildren(el("p", "This Song is not available.", "muted")));
  return box;
}
