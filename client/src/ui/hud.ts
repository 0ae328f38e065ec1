import { type BigFiveInput, EMOTES, type EmoteName } from "#schema/messages/space.ts";
import { agreementWord, moodWords } from "#schema/rules/feelings.ts";
import type { AvatarSnapshot, PersonSnapshot, RoomMoodSnapshot } from "../net/space-connection.ts";
import { canvasPen, drawAvatar } from "../scenes/avatar-art.ts";
import { auraCss, LEGEND_ORDER, needsLightText, OCTANT_LOOKS } from "../scenes/mood-look.ts";
import { OCTANT_POSES, poseOf } from "../scenes/mood-pose.ts";
import { requireElement } from "./dom.ts";
import { releaseFocusAfterPointer } from "./focus.ts";

export interface HudActions {
  switchMap(map: string): void;
  emote(emote: EmoteName): void;
  setPersonality(traits: BigFiveInput): void;
  /** The "Guide" button: the first-visit guide, again. */
  openGuide(): void;
}

/** One row of the people list: someone present, with their avatar when it is in view. */
export interface PersonRow {
  person: PersonSnapshot;
  /** Their avatar as this client receives it; null when they stand beyond the view (crowded spaces). */
  near: AvatarSnapshot | null;
}

/** Rows drawn at most: a crowd of 500 lists its nearest people and counts the rest. */
export const PEOPLE_ROWS_SHOWN = 100;

const TRAITS: Array<keyof BigFiveInput> = ["openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism"];

/** Each Big Five trait in plain words: what its two ends mean (it sets where your mood rests). */
const TRAIT_WORDS: Record<keyof BigFiveInput, { name: string; high: string; low: string; help: string }> = {
  openness: { name: "Openness", high: "curious", low: "down to earth", help: "Right: curious, up for new things. Left: fond of the familiar." },
  conscientiousness: { name: "Conscientiousness", high: "organised", low: "easy-going", help: "Right: organised and careful. Left: easy-going, spontaneous." },
  extraversion: { name: "Extraversion", high: "outgoing", low: "reserved", help: "Right: outgoing, energetic. Left: quiet, reserved." },
  agreeableness: { name: "Agreeableness", high: "warm", low: "blunt", help: "Right: warm, cooperative. Left: blunt, competitive." },
  neuroticism: { name: "Neuroticism", high: "easily upset", low: "calm", help: "Right: worries easily, moods swing. Left: calm and steady." },
};

/** What a screen reader says for a slider: the number and what it means ("0.5: fairly outgoing"). */
export function traitValueText(trait: keyof BigFiveInput, value: number): string {
  const words = TRAIT_WORDS[trait];
  const size = Math.abs(value);
  if (size < 0.05) return `${value.toFixed(1)}: average`;
  const how = size >= 0.75 ? "very" : size >= 0.35 ? "fairly" : "slightly";
  return `${value.toFixed(1)}: ${how} ${value > 0 ? words.high : words.low}`;
}

/** The side panel: space switcher, room mood, emote bar, people list, personality sliders. */
export class Hud {
  readonly #root = requireElement("hud", HTMLElement);
  readonly #mapSelect = requireElement("map-select", HTMLSelectElement);
  readonly #roomMood = requireElement("room-mood", HTMLElement);
  readonly #emoteBar = requireElement("emote-bar", HTMLElement);
  readonly #people = requireElement("people-list", HTMLUListElement);
  readonly #peopleHeading = requireElement("people-heading", HTMLElement);
  readonly #personality = requireElement("personality-form", HTMLFormElement);
  readonly #sliders = new Map<keyof BigFiveInput, HTMLInputElement>();
  readonly #toggle = requireElement("hud-toggle", HTMLButtonElement);
  readonly #body = requireElement("hud-body", HTMLElement);
  #sendTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly actions: HudActions) {
    releaseFocusAfterPointer(this.#root);
    // On a phone the panel starts folded so the map shows; one tap unfolds it.
    this.#setOpen(!window.matchMedia("(max-width: 640px)").matches);
    this.#toggle.addEventListener("click", () => this.#setOpen(this.#body.hidden === true));
    this.#mapSelect.addEventListener("change", () => actions.switchMap(this.#mapSelect.value));
    EMOTES.forEach((emote, i) => {
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.emote = emote;
      button.textContent = `${i + 1} ${emote}`;
      button.addEventListener("click", () => actions.emote(emote));
      this.#emoteBar.append(button);
    });
    for (const trait of TRAITS) this.#personality.append(this.#slider(trait));
    requireElement("mood-legend-list", HTMLUListElement).append(...LEGEND_ORDER.map(legendRow));
    requireElement("guide-button", HTMLButtonElement).addEventListener("click", () => actions.openGuide());
  }

  /** Unfolds the panel at the mood legend, open, with focus on its summary (the guide's link). */
  showLegend(): void {
    this.#setOpen(true);
    const legend = requireElement("mood-legend", HTMLDetailsElement);
    legend.open = true;
    const summary = legend.querySelector("summary");
    summary?.focus({ preventScroll: true });
    legend.scrollIntoView({ block: "nearest" });
  }

  show(map: string): void {
    this.#mapSelect.value = map;
    this.#root.hidden = false;
  }

  /** Hides the panel and forgets the room's people (a new space starts with an empty list). */
  hide(): void {
    this.#root.hidden = true;
    this.#people.replaceChildren();
    this.#peopleHeading.textContent = "People here";
    this.#roomMood.textContent = "Room mood: —";
  }

  #setOpen(open: boolean): void {
    this.#body.hidden = !open;
    this.#root.dataset.open = String(open);
    this.#toggle.setAttribute("aria-expanded", String(open));
    this.#toggle.textContent = open ? "Hide panel" : "Show panel";
  }

  showRoomMood(m: RoomMoodSnapshot): void {
    this.#roomMood.textContent = `Room mood: ${moodWords(m.mood, m.moodIntensity)} · ${agreementWord(m.spread)}`;
  }

  /**
   * Rebuilds the people list (text only: names are user input): you first, then those
   * near you (with their mood), then the rest by name marked "farther off", at most
   * PEOPLE_ROWS_SHOWN rows and a last row counting the others.
   */
  showPeople(rows: readonly PersonRow[]): void {
    const sorted = [...rows].sort(
      (a, b) =>
        Number(b.person.isSelf) - Number(a.person.isSelf) ||
        Number(b.near !== null) - Number(a.near !== null) ||
        a.person.name.localeCompare(b.person.name),
    );
    const items = sorted.slice(0, PEOPLE_ROWS_SHOWN).map(personItem);
    const more = sorted.length - items.length;
    if (more > 0) {
      const li = document.createElement("li");
      li.className = "muted";
      li.dataset.more = String(more);
      li.textContent = `and ${more} more farther off`;
      items.push(li);
    }
    this.#people.replaceChildren(...items);
    this.#people.dataset.count = String(rows.length);
    this.#peopleHeading.textContent = `People here (${rows.length})`;
  }

  /** The stored traits, on join: the sliders show where one's mood rests (nothing is sent back). */
  showPersonality(traits: BigFiveInput): void {
    for (const [trait, input] of this.#sliders) {
      input.value = String(traits[trait]);
      input.dispatchEvent(new Event("change"));
    }
  }

  #slider(trait: keyof BigFiveInput): HTMLElement {
    const row = document.createElement("div");
    row.className = "trait";
    const id = `trait-${trait}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = TRAIT_WORDS[trait].name;
    const output = document.createElement("output");
    output.htmlFor.add(id);
    const input = document.createElement("input");
    Object.assign(input, { type: "range", min: "-1", max: "1", step: "0.1", value: "0", name: trait, id });
    const help = document.createElement("p");
    help.className = "trait-help";
    help.id = `${id}-help`;
    help.textContent = TRAIT_WORDS[trait].help;
    input.setAttribute("aria-describedby", help.id);
    const show = () => {
      const value = Number(input.value);
      output.textContent = value > 0 ? `+${value.toFixed(1)}` : value.toFixed(1);
      input.setAttribute("aria-valuetext", traitValueText(trait, value));
    };
    show();
    input.addEventListener("change", show);
    input.addEventListener("input", () => {
      show();
      this.#scheduleSend();
    });
    this.#sliders.set(trait, input);
    row.append(label, output, input, help);
    return row;
  }

  /** Slider drags send at most every 300 ms (the server budgets personality changes). */
  #scheduleSend(): void {
    clearTimeout(this.#sendTimer);
    this.#sendTimer = setTimeout(() => {
      const value = (t: keyof BigFiveInput) => Number(this.#sliders.get(t)?.value ?? 0);
      this.actions.setPersonality({
        openness: value("openness"),
        conscientiousness: value("conscientiousness"),
        extraversion: value("extraversion"),
        agreeableness: value("agreeableness"),
        neuroticism: value("neuroticism"),
      });
    }, 300);
  }
}

/** Legend pictures: CSS px, and art units to CSS px. */
const FIGURE_W = 52;
const FIGURE_H = 58;
const FIGURE_SCALE = 0.82;

/**
 * One legend line: the mood drawn as avatars show it at full strength (posture, face and
 * marks, standing on its aura), a swatch with its icon, its name, what it means and how it
 * looks in words.
 */
function legendRow(mood: (typeof LEGEND_ORDER)[number]): HTMLLIElement {
  const li = document.createElement("li");
  li.dataset.mood = mood;
  const swatch = document.createElement("span");
  swatch.className = "swatch";
  swatch.style.backgroundColor = auraCss(mood);
  swatch.style.color = needsLightText(mood) ? "#ffffff" : "#111111";
  swatch.setAttribute("aria-hidden", "true");
  swatch.textContent = OCTANT_LOOKS[mood]?.icon ?? "";
  const name = document.createElement("strong");
  name.textContent = mood;
  const text = document.createElement("span");
  text.className = "legend-text";
  const looks = document.createElement("span");
  looks.className = "legend-looks";
  looks.textContent = `Looks: ${OCTANT_POSES[mood]?.words ?? ""}.`;
  text.append(swatch, name, ` ${OCTANT_LOOKS[mood]?.meaning ?? ""}. `, looks);
  li.append(legendFigure(mood), text);
  return li;
}

/** The mood's figure, drawn once (a still: the words say how it moves). */
function legendFigure(mood: string): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.className = "legend-figure";
  canvas.setAttribute("aria-hidden", "true");
  const ratio = Math.max(1, Math.ceil(window.devicePixelRatio || 1));
  canvas.width = FIGURE_W * ratio;
  canvas.height = FIGURE_H * ratio;
  const ctx = canvas.getContext("2d");
  if (!ctx) return canvas;
  const pose = poseOf(mood, "full");
  const feetY = FIGURE_H - 5;
  ctx.scale(ratio, ratio);
  ctx.fillStyle = auraCss(mood);
  ctx.globalAlpha = 0.85;
  ctx.beginPath();
  ctx.ellipse(FIGURE_W / 2, feetY, 19, 6, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.translate(FIGURE_W / 2, feetY);
  ctx.scale(FIGURE_SCALE, FIGURE_SCALE);
  ctx.rotate(pose.lean);
  ctx.scale(1 / Math.sqrt(pose.squash), pose.squash);
  drawAvatar(canvasPen(ctx), { shape: "round", color: "cloud", accessory: "none" }, pose);
  return canvas;
}

function personItem({ person, near }: PersonRow): HTMLLIElement {
  const li = document.createElement("li");
  li.dataset.idle = String(near?.idle ?? false);
  li.dataset.near = String(near !== null);
  const name = document.createElement("span");
  name.textContent = person.isSelf ? `${person.name} (you)` : person.name;
  // The handle beside the free-text name: two people cannot share it.
  const who = document.createElement("span");
  who.className = "handle muted";
  who.textContent = ` @${person.username}`;
  who.dataset.handle = person.username;
  name.append(who);
  const mood = document.createElement("span");
  mood.className = "mood";
  if (!near) mood.textContent = "farther off";
  else mood.textContent = near.reconnecting ? "reconnecting…" : `${moodWords(near.mood, near.moodIntensity)}${near.idle ? " · idle" : ""}`;
  li.dataset.reconnecting = String(near?.reconnecting ?? false);
  li.append(name, mood);
  return li;
}
