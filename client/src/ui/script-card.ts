import type { ScriptCardView } from "#schema/replies/codeground.ts";
import type { LiveSandbox } from "../codeground/live-sandbox.ts";
import type { CodeApi } from "../net/code-api.ts";
import type { SongApi } from "../net/song-api.ts";
import { songCard } from "./song-card.ts";
import { el, handle } from "./text.ts";

export interface CardDeps {
  code: CodeApi;
  /** For Song cards (a post whose `ref` names a Song version). */
  songs: SongApi;
  live: LiveSandbox;
  signedIn: () => boolean;
  showError: (message: string) => void;
}

/**
 * A published script as the feed and walls show it: title, @author, credit line, fork
 * count, Run/Stop (in the page's one live sandbox), Fork, and a link to its remix tree.
 * All text goes in as text (titles and descriptions are other people's words).
 */
export function scriptCard(card: ScriptCardView, deps: CardDeps): HTMLElement {
  const box = el("section", undefined, "script-card");
  box.dataset.scriptId = card.scriptId;
  box.dataset.versionId = card.versionId;
  if (card.removed) {
    box.append(el("p", "This script was removed.", "muted"));
    return box;
  }
  const head = el("header", undefined, "script-card-head");
  const title = el("a", card.title, "script-title");
  title.href = `#/code/${encodeURIComponent(card.scriptId)}`;
  const author = el("a", undefined, "script-author");
  author.href = `#/u/${encodeURIComponent(card.author)}`;
  author.append(handle(card.author));
  head.append(title, el("span", ` v${card.number} by `, "muted"), author);
  box.append(head);
  if (card.description) box.append(el("p", card.description, "script-description"));
  if (card.credit) box.append(el("p", card.credit.line, "script-credit"));
  const slot = el("div", undefined, "script-run");
  slot.hidden = true;
  const bar = el("div", undefined, "script-actions");
  const run = el("button", "Run");
  run.type = "button";
  run.dataset.action = "run";
  const stop = el("button", "Stop");
  stop.type = "button";
  stop.dataset.action = "stop";
  stop.hidden = true;
  run.addEventListener("click", async () => {
    run.disabled = true;
    try {
      const version = await deps.code.version(card.versionId);
      deps.live.run(slot, version.source, () => {
        stop.hidden = true;
        run.hidden = false;
      });
      run.hidden = true;
      stop.hidden = false;
    } catch {
      deps.showError("Could not load that script.");
    } finally {
      run.disabled = false;
    }
  });
  stop.addEventListener("click", () => {
    if (deps.live.isRunningIn(slot)) deps.live.release();
  });
  const forks = el("span", `${card.forkCount} ${card.forkCount === 1 ? "fork" : "forks"}`, "script-forks");
  const tree = el("a", "Remix tree", "script-tree");
  tree.href = `#/code/${encodeURIComponent(card.scriptId)}/tree`;
  bar.append(run, stop);
  if (deps.signedIn()) {
    const fork = el("button", "Fork");
    fork.type = "button";
    fork.dataset.action = "fork";
    fork.addEventListener("click", async () => {
      fork.disabled = true;
      try {
        const draft = await deps.code.fork(card.versionId);
        location.hash = `#/code/${encodeURIComponent(draft.id)}`;
      } catch {
        deps.showError("Could not fork that script.");
        fork.disabled = false;
      }
    });
    bar.append(fork);
  }
  bar.append(forks, tree);
  box.append(bar, slot);
  return box;
}

/**
 * The card for a post or feed item whose `ref` is a script version (or a Song version: its Song card): from the page's data
 * when the server attached it, else (a post that arrived live) loaded on its own.
 */
export function cardOf(item: { ref: { kind: string; id: string } | null; script?: ScriptCardView | null }, deps: CardDeps): HTMLElement | null {
  if (item.ref?.kind === "song") return songCard(item.ref.id, deps.songs);
  if (item.ref?.kind !== "script") return null;
  if (item.script) return scriptCard(item.script, deps);
  if (item.script === null) return scriptCard({ ...REMOVED, versionId: item.ref.id }, deps);
  const slot = el("section", undefined, "script-card");
  const versionId = item.ref.id;
  deps.code
    .version(versionId)
    .then((v) => {
      const card: ScriptCardView = {
        versionId: v.id,
        scriptId: v.scriptId,
        number: v.number,
        title: v.title,
        description: v.description,
        author: v.author,
        forkCount: v.forkCount,
        credit: v.credit,
        removed: false,
      };
      slot.replaceWith(scriptCard(card, deps));
    })
    .catch(() => slot.replaceWith(scriptCard({ ...REMOVED, versionId }, deps)));
  return slot;
}

const REMOVED: ScriptCardView = { versionId: "", scriptId: "", number: 0, title: "", description: "", author: "", forkCount: 0, credit: null, removed: true };
