import type { PreviewView, ScriptCardView } from "#schema/replies/codeground.ts";
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
 * A published script as the feed and walls show it: title, @author, credit line, its still
 * preview with Run over it (when the version has one), fork count, Run/Stop (in the page's
 * one live sandbox, which takes the preview's place), Fork, and a link to its remix tree.
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
  const backToBar = () => {
    run.classList.remove("script-preview-run");
    run.removeAttribute("aria-label");
    bar.prepend(run);
  };
  const still = card.preview ? previewFigure(card.preview, card, run, backToBar) : null;
  run.addEventListener("click", async () => {
    run.disabled = true;
    try {
      const version = await deps.code.version(card.versionId);
      deps.live.run(slot, version.source, () => {
        stop.hidden = true;
        run.hidden = false;
        if (still) still.hidden = false;
      });
      run.hidden = true;
      stop.hidden = false;
      if (still) still.hidden = true;
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
  if (still) bar.append(stop);
  else bar.append(run, stop);
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
  // With a still, the live sandbox appears where the picture was; without one, as before.
  if (still) box.append(still, slot, bar);
  else box.append(bar, slot);
  return box;
}

/**
 * The still (an image from our own origin, never the script's code) with the Run button
 * laid over it. If the image fails to load, the figure goes and Run returns to the bar:
 * the card then looks as it did before previews.
 */
function previewFigure(preview: PreviewView, card: ScriptCardView, run: HTMLButtonElement, fallBack: () => void): HTMLElement {
  const figure = el("div", undefined, "script-preview");
  const img = el("img");
  img.src = preview.url;
  img.alt = `Preview of “${card.title}” by @${card.author}`;
  img.width = preview.width;
  img.height = preview.height;
  img.decoding = "async";
  img.loading = "lazy";
  img.referrerPolicy = "no-referrer";
  img.addEventListener("error", () => {
    figure.remove();
    fallBack();
  });
  run.classList.add("script-preview-run");
  run.setAttribute("aria-label", `Run “${card.title}”`);
  figure.append(img, run);
  return figure;
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
        preview: v.preview,
      };
      slot.replaceWith(scriptCard(card, deps));
    })
    .catch(() => slot.replaceWith(scriptCard({ ...REMOVED, versionId }, deps)));
  return slot;
}

const REMOVED: ScriptCardView = { versionId: "", scriptId: "", number: 0, title: "", description: "", author: "", forkCount: 0, credit: null, removed: true, preview: null };
