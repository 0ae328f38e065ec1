import "./walls.css";
import { ACCENTS, BIO_MAX, LAYOUTS, PALETTES, PATTERNS, TOP_FRIENDS_MAX, WALL_POLICIES } from "#schema/messages/social.ts";
import type { ProfileView } from "#schema/replies/social.ts";
import { WALL_POLICY_CHOICES, WALL_POLICY_HELP, type WallPolicy } from "#schema/rules/wall-policy.ts";
import { el } from "./text.ts";

/** What the editor hands its page: the patch, and where to say how the save went. */
export type EditorSave = (patch: Record<string, unknown>) => Promise<void>

/** A refusal as the editor shows it: the server's words, and the fields it names. */
export interface EditorProblem {
  message: string;
  paths: string[];
}

/**
 * The owner's editor, a section of its own above the top friends: bio (a textarea with a
 * character counter), look (fixed choices only), who may post (each choice in words, with
 * what it means), top friends. A save says "Saved." beside the button; a refusal is shown
 * beside the field it names (a bad top-friend name, by name), and nothing is cleared.
 */
export function profileEditor(p: ProfileView, save: (patch: Record<string, unknown>) => Promise<EditorProblem | null>): HTMLElement {
  const section = el("section", undefined, "profile-editor-section");
  const title = el("h3", "Edit your profile");
  title.id = "profile-editor-title";
  const form = el("form", undefined, "profile-editor");
  form.id = "profile-editor";
  form.setAttribute("aria-labelledby", title.id);
  const bio = el("textarea");
  bio.name = "bio";
  bio.rows = 4;
  bio.maxLength = BIO_MAX;
  bio.value = p.bio;
  const counter = el("span", "", "char-counter muted");
  counter.id = "bio-counter";
  counter.setAttribute("aria-live", "polite");
  bio.setAttribute("aria-describedby", counter.id);
  const count = () => {
    counter.textContent = `${[...bio.value].length} / ${BIO_MAX}`;
  };
  bio.addEventListener("input", count);
  count();
  const pick = (name: string, options: readonly string[], value: string, words?: Record<string, string>) => {
    const select = el("select");
    select.name = name;
    for (const o of options) select.append(Object.assign(el("option", words?.[o] ?? o), { value: o, selected: o === value }));
    return select;
  };
  const palette = pick("palette", PALETTES, p.theme.palette);
  const accent = pick("accent", ACCENTS, p.theme.accent);
  const layout = pick("layout", LAYOUTS, p.theme.layout);
  const pattern = pick("pattern", PATTERNS, p.theme.pattern);
  const policy = pick("wallPolicy", WALL_POLICIES, p.wallPolicy, WALL_POLICY_CHOICES);
  const policyHelp = el("span", "", "field-help muted");
  policyHelp.id = "wall-policy-help";
  policy.setAttribute("aria-describedby", policyHelp.id);
  const explain = () => {
    policyHelp.textContent = WALL_POLICY_HELP[policy.value as WallPolicy] ?? "";
  };
  policy.addEventListener("change", explain);
  explain();
  const friends = el("input");
  friends.name = "topFriends";
  friends.placeholder = "usernames, comma-separated";
  friends.value = p.topFriends.map((f) => f.username).join(", ");
  const friendsError = el("span", "", "field-error");
  friendsError.id = "top-friends-error";
  friendsError.hidden = true;
  const label = (text: string, control: HTMLElement, wide = false, ...after: HTMLElement[]) => {
    const l = el("label", text, wide ? "wide" : undefined);
    l.append(control, ...after);
    return l;
  };
  const submit = Object.assign(el("button", "Save profile"), { type: "submit" });
  const status = el("p", "", "saved-note");
  status.id = "profile-saved";
  status.setAttribute("role", "status");
  const actions = el("div", undefined, "editor-actions wide");
  actions.append(submit, status);
  form.append(
    label("Bio", bio, true, counter),
    label("Who may post on my wall", policy, true, policyHelp),
    label(`Top friends (up to ${TOP_FRIENDS_MAX})`, friends, true, friendsError),
    label("Palette", palette),
    label("Accent", accent),
    label("Layout", layout),
    label("Pattern", pattern),
    actions,
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    submit.disabled = true;
    status.textContent = "Saving…";
    status.className = "saved-note muted";
    friendsError.hidden = true;
    friends.removeAttribute("aria-invalid");
    void save({
      bio: bio.value,
      theme: { palette: palette.value, accent: accent.value, layout: layout.value, pattern: pattern.value },
      wallPolicy: policy.value,
      topFriends: friends.value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    }).then((problem) => {
      submit.disabled = false;
      if (!problem) {
        status.textContent = "Saved.";
        status.className = "saved-note";
        return;
      }
      status.className = "saved-note bad";
      const onFriends = problem.paths.some((path) => path.startsWith("topFriends"));
      // Said once: beside the field when the refusal names one, else beside the button.
      status.textContent = onFriends ? "Not saved: see Top friends above." : `Not saved: ${problem.message}`;
      if (onFriends) {
        friendsError.textContent = problem.message;
        friendsError.hidden = false;
        friends.setAttribute("aria-invalid", "true");
        friends.setAttribute("aria-describedby", friendsError.id);
        friends.focus();
      }
    });
  });
  // The avatar has a screen of its own with a live preview (#/avatar); the editor points there.
  const avatar = el("a", "Change how your avatar looks (shape, colour, accessory)", "avatar-editor-link");
  avatar.href = "#/avatar";
  avatar.id = "avatar-editor-link";
  section.append(title, avatar, form);
  return section;
}
