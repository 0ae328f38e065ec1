import "./guide.css";
import { GUIDE_STEPS } from "./guide-steps.ts";
import { el } from "./text.ts";

export interface GuideActions {
  /** Finished (Done) or skipped (Skip, Escape, the legend link): the account remembers it. */
  ended(how: "finished" | "skipped"): void;
  /** Where focus goes after the guide closes (the map), unless the legend link took it. */
  returnFocus(): void;
  /** Step 4's link: unfold the side panel at the mood legend and focus it. */
  showLegend(): void;
}

const FOCUSABLE = "button:not([disabled]), [href], input, select, textarea, [tabindex]:not([tabindex='-1'])";

/**
 * The first-visit guide (issue 12 feature 6): four short steps (walking, emotes, chat,
 * moods) in a modal dialog over the world. Keyboard: focus stays inside while it is open
 * (Tab wraps), Escape skips, focus goes back to the map after. Its root carries
 * `data-overlay`, so the world's keys wait while it has focus. Fixed in place over the
 * page: the world's canvas does not move when it opens or closes.
 */
export class Guide {
  readonly #backdrop = el("div", undefined, "guide-backdrop");
  readonly #dialog = el("section", undefined, "guide");
  readonly #progress = el("p", "", "guide-progress");
  readonly #title = el("h2", "");
  readonly #body = el("div", undefined, "guide-body");
  readonly #skip = this.#button("Skip the guide", "guide-skip", () => this.#end("skipped"));
  readonly #back = this.#button("Back", "guide-back", () => this.#show(this.#step - 1));
  readonly #next = this.#button("Next", "guide-next guide-primary", () => this.#forward());
  #step = 0;
  /** Pulls focus back in if it lands outside while open (a click on the page behind, a screen reader jump). */
  readonly #keepFocus = (e: FocusEvent) => {
    if (e.target instanceof Node && !this.#backdrop.contains(e.target)) this.#focusInside();
  };

  constructor(private readonly actions: GuideActions) {
    this.#backdrop.hidden = true;
    this.#backdrop.dataset.overlay = "";
    this.#backdrop.id = "guide";
    this.#dialog.id = "guide-dialog";
    this.#dialog.tabIndex = -1;
    this.#dialog.setAttribute("role", "dialog");
    this.#dialog.setAttribute("aria-modal", "true");
    this.#title.id = "guide-title";
    this.#body.id = "guide-body";
    this.#dialog.setAttribute("aria-labelledby", "guide-title");
    this.#dialog.setAttribute("aria-describedby", "guide-body");
    // Focus stays on Next while the steps change: the new step is read out from here.
    const content = el("div", undefined, "guide-content");
    content.setAttribute("aria-live", "polite");
    content.append(this.#progress, this.#title, this.#body);
    const buttons = el("div", undefined, "guide-buttons");
    buttons.append(this.#skip, this.#back, this.#next);
    this.#dialog.append(content, buttons);
    this.#backdrop.append(this.#dialog);
    this.#backdrop.addEventListener("keydown", (e) => this.#onKey(e));
    document.body.append(this.#backdrop);
  }

  get isOpen(): boolean {
    return !this.#backdrop.hidden;
  }

  /** Opens at the first step with focus on Next (Enter steps through). */
  open(): void {
    if (this.isOpen) return;
    this.#backdrop.hidden = false;
    document.addEventListener("focusin", this.#keepFocus);
    this.#show(0);
  }

  /** Closes without a verdict (the world closed under it): the guide shows again next time. */
  close(): void {
    if (!this.isOpen) return;
    this.#backdrop.hidden = true;
    document.removeEventListener("focusin", this.#keepFocus);
  }

  #show(index: number): void {
    const last = GUIDE_STEPS.length - 1;
    this.#step = Math.max(0, Math.min(last, index));
    const step = GUIDE_STEPS[this.#step];
    if (!step) return;
    this.#dialog.dataset.step = step.id;
    this.#progress.textContent = `Step ${this.#step + 1} of ${GUIDE_STEPS.length}`;
    this.#title.textContent = step.title;
    this.#body.replaceChildren(...step.lines.map((line) => el("p", line)));
    if (step.id === "moods") {
      const legend = this.#button("Open the mood legend", "guide-legend", () => {
        this.#end("skipped", { focusMap: false });
        this.actions.showLegend();
      });
      const p = el("p");
      p.append(legend);
      this.#body.append(p);
    }
    this.#back.disabled = this.#step === 0;
    this.#next.textContent = this.#step === last ? "Done" : "Next";
    // Focus stays on the button pressed, unless it is gone or just disabled (Back on the first step).
    const active = document.activeElement;
    const lost = !this.#backdrop.contains(active) || (active instanceof HTMLButtonElement && active.disabled);
    if (lost) this.#next.focus({ preventScroll: true });
  }

  #forward(): void {
    if (this.#step === GUIDE_STEPS.length - 1) this.#end("finished");
    else this.#show(this.#step + 1);
  }

  #end(how: "finished" | "skipped", { focusMap = true } = {}): void {
    this.close();
    this.actions.ended(how);
    if (focusMap) this.actions.returnFocus();
  }

  #onKey(e: KeyboardEvent): void {
    if (e.key === "Escape") {
      e.preventDefault();
      this.#end("skipped");
      return;
    }
    if (e.key !== "Tab") return;
    const items = [...this.#dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    const active = document.activeElement;
    if (e.shiftKey && (active === first || active === this.#dialog)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first.focus();
    }
  }

  #focusInside(): void {
    (this.#dialog.querySelector<HTMLElement>(".guide-next") ?? this.#dialog).focus({ preventScroll: true });
  }

  #button(text: string, className: string, onClick: () => void): HTMLButtonElement {
    const button = el("button", text, className);
    button.type = "button";
    button.addEventListener("click", onClick);
    return button;
  }
}
