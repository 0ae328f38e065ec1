import { type BigFiveInput, EMOTES, type EmoteName } from "#schema/messages/space.ts";
import { agreementWord, moodWords } from "#schema/rules/feelings.ts";
import type { AvatarSnapshot, RoomMoodSnapshot } from "../net/space-connection.ts";
import { requireElement } from "./dom.ts";
import { releaseFocusAfterPointer } from "./focus.ts";

export interface HudActions {
  switchMap(map: string): void;
  emote(emote: EmoteName): void;
  setPersonality(traits: BigFiveInput): void;
}

const TRAITS: Array<keyof BigFiveInput> = ["openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism"];

/** The side panel: space switcher, room mood, emote bar, people list, personality sliders. */
export class Hud {
  readonly #root = requireElement("hud", HTMLElement);
  readonly #mapSelect = requireElement("map-select", HTMLSelectElement);
  readonly #roomMood = requireElement("room-mood", HTMLElement);
  readonly #emoteBar = requireElement("emote-bar", HTMLElement);
  readonly #people = requireElement("people-list", HTMLUListElement);
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
  }

  show(map: string): void {
    this.#mapSelect.value = map;
    this.#root.hidden = false;
  }

  /** Hides the panel and forgets the room's people (a new space starts with an empty list). */
  hide(): void {
    this.#root.hidden = true;
    this.#people.replaceChildren();
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

  /** Rebuilds the people list (text only: names are user input). */
  showPeople(people: readonly AvatarSnapshot[]): void {
    const items = [...people]
      .sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name))
      .map((p) => {
        const li = document.createElement("li");
        li.dataset.idle = String(p.idle);
        const name = document.createElement("span");
        name.textContent = p.isSelf ? `${p.name} (you)` : p.name;
        // The handle beside the free-text name: two people cannot share it.
        const who = document.createElement("span");
        who.className = "handle muted";
        who.textContent = ` @${p.username}`;
        who.dataset.handle = p.username;
        name.append(who);
        const mood = document.createElement("span");
        mood.className = "mood";
        mood.textContent = p.reconnecting ? "reconnecting…" : `${moodWords(p.mood, p.moodIntensity)}${p.idle ? " · idle" : ""}`;
        li.dataset.reconnecting = String(p.reconnecting);
        li.append(name, mood);
        return li;
      });
    this.#people.replaceChildren(...items);
  }

  #slider(trait: keyof BigFiveInput): HTMLLabelElement {
    const label = document.createElement("label");
    label.textContent = trait;
    const input = document.createElement("input");
    Object.assign(input, { type: "range", min: "-1", max: "1", step: "0.1", value: "0", name: trait });
    input.addEventListener("input", () => this.#scheduleSend());
    this.#sliders.set(trait, input);
    label.append(input);
    return label;
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
