import { ACCENTS, LAYOUTS, PALETTES, PATTERNS, TOP_FRIENDS_MAX, WALL_POLICIES } from "#schema/messages/social.ts";
import type { ProfileView } from "#schema/replies/social.ts";
import { el } from "./text.ts";

/** The owner's editor: bio, look (fixed choices only), who may post, top friends. */
export function profileEditor(p: ProfileView, save: (patch: Record<string, unknown>) => void): HTMLElement {
  const form = el("form", undefined, "profile-editor");
  form.id = "profile-editor";
  const bio = el("textarea");
  bio.name = "bio";
  bio.maxLength = 500;
  bio.value = p.bio;
  const pick = (name: string, options: readonly string[], value: string) => {
    const select = el("select");
    select.name = name;
    for (const o of options) select.append(Object.assign(el("option", o), { value: o, selected: o === value }));
    return select;
  };
  const palette = pick("palette", PALETTES, p.theme.palette);
  const accent = pick("accent", ACCENTS, p.theme.accent);
  const layout = pick("layout", LAYOUTS, p.theme.layout);
  const pattern = pick("pattern", PATTERNS, p.theme.pattern);
  const policy = pick("wallPolicy", WALL_POLICIES, p.wallPolicy);
  const friends = el("input");
  friends.name = "topFriends";
  friends.placeholder = `Top friends: up to ${TOP_FRIENDS_MAX} usernames, comma-separated`;
  friends.value = p.topFriends.map((f) => f.username).join(", ");
  const label = (text: string, control: HTMLElement) => {
    const l = el("label", text);
    l.append(control);
    return l;
  };
  const submit = Object.assign(el("button", "Save profile"), { type: "submit" });
  form.append(
    label("Bio", bio),
    label("Palette", palette),
    label("Accent", accent),
    label("Layout", layout),
    label("Pattern", pattern),
    label("Who may post on my wall", policy),
    label("Top friends", friends),
    submit,
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    save({
      bio: bio.value,
      theme: { palette: palette.value, accent: accent.value, layout: layout.value, pattern: pattern.value },
      wallPolicy: policy.value,
      topFriends: friends.value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    });
  });
  return form;
}
