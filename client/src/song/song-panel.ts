import type { SongRole } from "#schema/replies/song.ts";
import type { SongWarning } from "#schema/song/condition.ts";
import type { Choice, Song, Verse } from "#schema/song/model.ts";
import type { SongOp } from "#schema/song/ops.ts";
import { clearEdits } from "../ui/keep-edits.ts";
import { el } from "../ui/text.ts";
import { newSongId } from "./song-model.ts";

/** What the panel asks of the editor view: send one op and report the room's answer in words. */
export interface PanelDeps {
  op(op: SongOp): Promise<boolean>;
}

export function button(label: string, action: string, onClick: () => void): HTMLButtonElement {
  const b = el("button", label);
  b.type = "button";
  b.dataset.action = action;
  b.addEventListener("click", onClick);
  return b;
}

function field(label: string, input: HTMLElement): HTMLLabelElement {
  const l = el("label", undefined, "song-field");
  l.append(el("span", label), input);
  return l;
}

function input(value: string, name: string, placeholder = ""): HTMLInputElement {
  const i = el("input");
  i.type = "text";
  i.value = value;
  i.name = name;
  i.placeholder = placeholder;
  i.spellcheck = false;
  return i;
}

/** The selected Verse: title, start, ending, delete, and its choices (label, target, condition, effects). */
export function versePanel(song: Song, verse: Verse, role: SongRole, deps: PanelDeps): HTMLElement {
  const box = el("section", undefined, "song-panel-block");
  box.dataset.panel = "verse";
  box.dataset.key = `verse:${verse.id}`;
  if (role === "viewer") {
    box.append(el("h3", verse.title));
    if (verse.ending) box.append(el("p", "An ending.", "muted"));
    for (const c of verse.choices) box.append(el("p", `→ ${c.label}${c.condition ? ` (if ${c.condition})` : ""}`, "muted"));
    return box;
  }
  const title = input(verse.title, "verse-title");
  const row = el("div", undefined, "song-row");
  row.append(
    button("Rename", "retitle", async () => {
      if (await deps.op({ op: "verse.retitle", id: verse.id, title: title.value })) clearEdits(title);
    }),
  );
  const ending = el("input");
  ending.type = "checkbox";
  ending.name = "ending";
  ending.checked = verse.ending;
  ending.addEventListener("change", () => void deps.op({ op: "verse.ending", id: verse.id, ending: ending.checked }));
  box.append(el("h3", "Verse"), field("Title", title), row, field("An ending", ending));
  const actions = el("div", undefined, "song-row");
  if (song.start !== verse.id) actions.append(button("Make start", "start", () => void deps.op({ op: "song.start", id: verse.id })));
  actions.append(button("Delete Verse", "delete-verse", () => void deps.op({ op: "verse.delete", id: verse.id })));
  box.append(actions, el("h4", "Choices"));
  if (verse.choices.length === 0) box.append(el("p", "Drag from the round handle onto another Verse to add a choice.", "muted"));
  for (const c of verse.choices) box.append(choiceForm(song, c, deps));
  return box;
}

export function choiceForm(song: Song, c: Choice, deps: PanelDeps): HTMLElement {
  const form = el("div", undefined, "song-choice");
  form.dataset.choiceId = c.id;
  form.dataset.key = `choice:${c.id}`;
  const label = input(c.label, "choice-label");
  const target = el("select");
  target.name = "choice-target";
  for (const v of song.verses) {
    const o = el("option", v.title);
    o.value = v.id;
    o.selected = v.id === c.target;
    target.append(o);
  }
  const condition = input(c.condition ?? "", "choice-condition", "e.g. gold >= 3 or mood.p > 0.3");
  const effects = el("textarea");
  effects.name = "choice-effects";
  effects.rows = 2;
  effects.placeholder = "one per line, e.g. gold += 1";
  effects.value = c.effects.join("\n");
  const save = button("Save choice", "save-choice", async () => {
    const ops: SongOp[] = [];
    if (label.value !== c.label) ops.push({ op: "choice.label", id: c.id, label: label.value });
    if (target.value !== c.target) ops.push({ op: "choice.target", id: c.id, target: target.value });
    const cond = condition.value.trim() === "" ? null : condition.value.trim();
    if (cond !== c.condition) ops.push({ op: "choice.condition", id: c.id, condition: cond });
    const eff = effects.value.split("\n").map((s) => s.trim()).filter(Boolean);
    if (eff.join("\n") !== c.effects.join("\n")) ops.push({ op: "choice.effects", id: c.id, effects: eff });
    for (const op of ops) if (!(await deps.op(op))) return;
    clearEdits(form);
  });
  form.append(
    field("Label", label),
    field("Leads to", target),
    field("Shown when", condition),
    field("Effects", effects),
    el("div", undefined, "song-row"),
  );
  form.lastElementChild?.append(save, button("Delete", "delete-choice", () => void deps.op({ op: "choice.delete", id: c.id })));
  return form;
}

/** The story variables: list, delete, declare. */
export function variablesPanel(song: Song, role: SongRole, deps: PanelDeps): HTMLElement {
  const box = el("section", undefined, "song-panel-block");
  box.dataset.panel = "variables";
  box.dataset.key = "variables";
  box.append(el("h3", "Variables"));
  const list = el("ul", undefined, "song-vars");
  for (const v of song.variables) {
    const li = el("li");
    const range = v.type === "number" ? ` (${v.min ?? "−∞"}…${v.max ?? "∞"})` : "";
    li.append(el("code", v.name), el("span", ` ${v.type} = ${String(v.default)}${range} `, "muted"));
    if (role !== "viewer") li.append(button("Delete", "delete-var", () => void deps.op({ op: "var.delete", name: v.name })));
    list.append(li);
  }
  if (song.variables.length === 0) list.append(el("li", "None yet.", "muted"));
  box.append(list);
  if (role === "viewer") return box;
  const name = input("", "var-name", "e.g. gold");
  const type = el("select");
  type.name = "var-type";
  for (const t of ["number", "boolean"]) {
    const o = el("option", t);
    o.value = t;
    type.append(o);
  }
  const def = input("0", "var-default");
  const min = input("", "var-min", "min (optional)");
  const max = input("", "var-max", "max (optional)");
  const num = (s: string) => (s.trim() === "" ? null : Number(s));
  const declare = button("Declare", "declare-var", () => {
    const spec =
      type.value === "boolean"
        ? ({ type: "boolean", default: def.value.trim() === "true" } as const)
        : ({ type: "number", default: Number(def.value) || 0, min: num(min.value), max: num(max.value) } as const);
    void deps.op({ op: "var.declare", name: name.value.trim(), spec }).then((ok) => ok && clearEdits(box));
  });
  const row = el("div", undefined, "song-row");
  row.append(declare);
  box.append(field("Name", name), field("Type", type), field("Default", def), field("Min", min), field("Max", max), row);
  return box;
}

export function warningsPanel(warnings: SongWarning[]): HTMLElement {
  const box = el("section", undefined, "song-panel-block");
  box.dataset.panel = "warnings";
  box.append(el("h3", `Warnings (${warnings.length})`));
  const ul = el("ul", undefined, "song-warnings");
  for (const w of warnings) ul.append(el("li", `⚠ ${w.message}`));
  if (warnings.length === 0) ul.append(el("li", "None: every Verse is reachable and leads somewhere.", "muted"));
  box.append(ul);
  return box;
}

export { newSongId };
