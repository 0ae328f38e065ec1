import "../ui/avatar-picker.css";
import {
  ACCESSORIES,
  ACCESSORY_WORDS,
  type AvatarLook,
  BODY_COLOR_HEX,
  BODY_COLORS,
  BODY_SHAPES,
  COLOR_WORDS,
  SHAPE_WORDS,
} from "#schema/rules/avatar-look.ts";
import { type Me, ProblemError } from "../net/auth-api.ts";
import type { SocialApi } from "../net/social-api.ts";
import { canvasPen, drawAvatar } from "../scenes/avatar-art.ts";
import { LEGEND_ORDER } from "../scenes/mood-look.ts";
import { motionFrame, poseOf } from "../scenes/mood-pose.ts";
import { requireElement } from "../ui/dom.ts";
import { closeOnEscape, focusOverlay, overlayBar } from "../ui/overlay.ts";
import { el } from "../ui/text.ts";
import type { View } from "./view.ts";

const PREVIEW_SIZE = 160;
/** Art units to preview pixels (the figure is about 48 units tall). */
const PREVIEW_SCALE = 2.6;

type Field = keyof AvatarLook;

/**
 * `#/avatar`: one's own look (body shape, colour, accessory), an overlay over the world
 * (the avatar keeps its seat) with a live, moving preview that can try each mood on.
 * Saving sends PUT /api/me/avatar; the space then dresses the avatar for everyone.
 */
export class AvatarView implements View<Record<string, never>> {
  readonly #root = requireElement("avatar-page", HTMLElement);
  #look: AvatarLook | null = null;
  #previewMood = "neutral";
  #frame = 0;
  #generation = 0;

  constructor(
    private readonly api: SocialApi,
    private readonly me: () => Me | null,
    private readonly closeOverlay: () => void,
  ) {
    closeOnEscape(this.#root, () => this.closeOverlay());
  }

  async open(): Promise<void> {
    const generation = ++this.#generation;
    this.#root.hidden = false;
    this.#root.replaceChildren(overlayBar("the avatar editor", () => this.closeOverlay()), el("p", "Loading…", "muted"));
    focusOverlay(this.#root);
    const me = this.me();
    let look: AvatarLook;
    try {
      if (!me) throw new Error("signed out");
      look = (await this.api.profile(me.user.username)).avatar;
    } catch (error) {
      if (generation !== this.#generation) return;
      const why = error instanceof ProblemError ? error.message : "Could not load your avatar.";
      this.#root.replaceChildren(overlayBar("the avatar editor", () => this.closeOverlay()), el("p", why));
      return;
    }
    if (generation !== this.#generation) return;
    this.#look = { ...look };
    this.#render(me.user.username);
  }

  async close(): Promise<void> {
    this.#generation++;
    cancelAnimationFrame(this.#frame);
    this.#root.hidden = true;
    this.#root.replaceChildren();
  }

  #render(username: string): void {
    const canvas = el("canvas", undefined, "avatar-preview");
    canvas.id = "avatar-preview";
    const ratio = Math.max(1, Math.ceil(window.devicePixelRatio || 1));
    canvas.width = PREVIEW_SIZE * ratio;
    canvas.height = PREVIEW_SIZE * ratio;
    canvas.setAttribute("role", "img");
    const describe = () => {
      const l = this.#look as AvatarLook;
      canvas.setAttribute("aria-label", `Preview: ${SHAPE_WORDS[l.shape]} body, ${COLOR_WORDS[l.color]}, ${ACCESSORY_WORDS[l.accessory].toLowerCase()}, looking ${this.#previewMood}`);
    };
    describe();
    const mood = el("select");
    mood.id = "avatar-preview-mood";
    for (const m of ["neutral", ...LEGEND_ORDER]) mood.append(Object.assign(el("option", m), { value: m }));
    mood.addEventListener("change", () => {
      this.#previewMood = mood.value;
      describe();
    });
    const moodLabel = el("label", "Try a mood on ", "avatar-mood-pick");
    moodLabel.append(mood);
    const preview = el("div", undefined, "avatar-preview-box");
    preview.append(canvas, moodLabel);

    const status = el("p", "", "saved-note");
    status.id = "avatar-saved";
    status.setAttribute("role", "status");
    const save = Object.assign(el("button", "Save my look"), { type: "submit" });
    save.id = "avatar-save";
    const form = el("form", undefined, "avatar-form");
    form.id = "avatar-form";
    form.append(
      this.#group("shape", "Body shape", BODY_SHAPES, SHAPE_WORDS, () => describe()),
      this.#group("color", "Colour", BODY_COLORS, COLOR_WORDS, () => describe(), (c) => BODY_COLOR_HEX[c as keyof typeof BODY_COLOR_HEX]),
      this.#group("accessory", "Accessory", ACCESSORIES, ACCESSORY_WORDS, () => describe()),
    );
    const actions = el("div", undefined, "editor-actions");
    actions.append(save, status);
    form.append(actions);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.#save(save, status);
    });
    const profile = el("a", "Back to my profile");
    profile.href = `#/u/${encodeURIComponent(username)}`;
    const head = el("div", undefined, "avatar-head");
    head.append(el("h2", "Your avatar"), el("p", "Everyone in your space sees the change as soon as you save.", "muted"));
    const layout = el("div", undefined, "avatar-layout");
    layout.append(preview, form);
    this.#root.replaceChildren(overlayBar("the avatar editor", () => this.closeOverlay()), head, layout, profile);
    focusOverlay(this.#root);
    this.#animate(canvas, ratio);
  }

  /** A radio group (one choice, arrow keys move within it), each choice named in words. */
  #group<T extends string>(field: Field, legend: string, options: readonly T[], words: Record<T, string>, changed: () => void, swatch?: (o: T) => number): HTMLElement {
    const set = el("fieldset", undefined, "avatar-choices");
    set.dataset.field = field;
    set.append(el("legend", legend));
    for (const option of options) {
      const input = el("input");
      Object.assign(input, { type: "radio", name: field, value: option, checked: (this.#look as AvatarLook)[field] === option });
      input.addEventListener("change", () => {
        if (!input.checked || !this.#look) return;
        this.#look = { ...this.#look, [field]: option };
        changed();
      });
      const label = el("label", undefined, "avatar-choice");
      label.dataset.value = option;
      if (swatch) {
        const chip = el("span", undefined, "avatar-swatch");
        chip.style.backgroundColor = `#${swatch(option).toString(16).padStart(6, "0")}`;
        chip.setAttribute("aria-hidden", "true");
        label.append(input, chip, words[option]);
      } else {
        label.append(input, words[option]);
      }
      set.append(label);
    }
    return set;
  }

  async #save(button: HTMLButtonElement, status: HTMLElement): Promise<void> {
    const look = this.#look;
    if (!look) return;
    button.disabled = true;
    status.className = "saved-note muted";
    status.textContent = "Saving…";
    try {
      await this.api.setAvatar(look);
      status.className = "saved-note";
      status.textContent = "Saved. Everyone in your space sees your new look.";
    } catch (error) {
      status.className = "saved-note bad";
      status.textContent = `Not saved: ${error instanceof ProblemError ? error.message : "the server could not be reached"}`;
    } finally {
      button.disabled = false;
    }
  }

  /** The preview moves like the avatar will (the mood's motion), until the overlay closes. */
  #animate(canvas: HTMLCanvasElement, ratio: number): void {
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    const generation = this.#generation;
    const draw = (now: number) => {
      if (generation !== this.#generation || !this.#look) return;
      const pose = poseOf(this.#previewMood, "full");
      const f = motionFrame(pose, now / 1000);
      const tall = pose.squash + f.stretch;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.fillStyle = "rgba(0, 0, 0, 0.3)";
      ctx.beginPath();
      ctx.ellipse(canvas.width / 2, canvas.height * 0.82, 22 * ratio * PREVIEW_SCALE * 0.5, 6 * ratio * PREVIEW_SCALE * 0.5, 0, 0, Math.PI * 2);
      ctx.fill();
      ctx.translate(canvas.width / 2 + f.dx * ratio * PREVIEW_SCALE, canvas.height * 0.82 + f.dy * ratio * PREVIEW_SCALE);
      ctx.scale(ratio * PREVIEW_SCALE, ratio * PREVIEW_SCALE);
      ctx.rotate(pose.lean + f.rotation);
      ctx.scale(1 / Math.sqrt(tall), tall);
      drawAvatar(canvasPen(ctx), this.#look, pose);
      this.#frame = requestAnimationFrame(draw);
    };
    this.#frame = requestAnimationFrame(draw);
  }
}
