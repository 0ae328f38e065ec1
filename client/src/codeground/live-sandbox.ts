import { viewerMood } from "../viewer-mood.ts";
import { ConsolePanel } from "./console-panel.ts";
import { Sandbox } from "./sandbox-host.ts";

/**
 * One live sandbox per page for script cards: running a card stops and removes the one
 * running elsewhere on the page (each is an iframe and a worker; a feed of twenty must
 * not start twenty). `release()` is called when the page closes.
 */
export class LiveSandbox {
  #current: { box: Sandbox; slot: HTMLElement; stopped: () => void; unfollow: () => void } | null = null;

  /** Runs `source` in `slot` (an element of the card), with its console under it. */
  run(slot: HTMLElement, source: string, onStopped: () => void): Sandbox {
    this.release();
    const frame = document.createElement("div");
    frame.className = "card-sandbox";
    const consoleBox = document.createElement("div");
    consoleBox.className = "card-console";
    slot.replaceChildren(frame, consoleBox);
    slot.hidden = false;
    // The script reads the viewer's live mood: their avatar's, while the world is open beneath.
    const box = new Sandbox(frame, { mood: viewerMood.current, title: "Script output" });
    const unfollow = viewerMood.subscribe((mood) => box.setMood(mood));
    const panel = new ConsolePanel(consoleBox);
    box.onConsole((lines) => panel.append(lines));
    box.onStatus((s) => {
      slot.dataset.state = s.kind === "ended" ? `ended:${s.reason}` : s.kind;
    });
    box.onFirstFrame(() => {
      slot.dataset.frames = "drawn";
    });
    box.run(source);
    this.#current = { box, slot, stopped: onStopped, unfollow };
    return box;
  }

  isRunningIn(slot: HTMLElement): boolean {
    return this.#current?.slot === slot;
  }

  /** Stops and removes the live sandbox, if any. */
  release(): void {
    const current = this.#current;
    if (!current) return;
    this.#current = null;
    current.unfollow();
    current.box.destroy();
    current.slot.replaceChildren();
    current.slot.hidden = true;
    delete current.slot.dataset.state;
    delete current.slot.dataset.frames;
    current.stopped();
  }
}
