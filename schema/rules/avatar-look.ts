import { z } from "zod";

/**
 * How a person's avatar looks (issue 12, feature 5): a body shape, a body colour and one
 * accessory, each from a fixed set (no free values reach storage, the space state or
 * another person's screen). Shared by the server (validation, the space state) and the
 * client (the picker, the drawing). The mood is drawn on top of this; it is not part of it.
 */
export const BODY_SHAPES = ["round", "square", "star", "tall", "drop"] as const;
export type BodyShape = (typeof BODY_SHAPES)[number];

/**
 * Eight colours that stay apart with normal, red-blind, green-blind and blue-blind vision
 * (ΔE ≥ 12 for every pair, tests/unit/avatar-look.test.ts), each light enough for the dark
 * face drawn on it (contrast ≥ 4.5:1) and to stand out on the dark floors (≥ 3:1). The
 * picker names every colour, so nobody has to tell them apart by hue.
 */
export const BODY_COLORS = ["amber", "sky", "lemon", "rose", "cloud", "sand", "lime", "violet"] as const;
export type BodyColor = (typeof BODY_COLORS)[number];

export const BODY_COLOR_HEX: Record<BodyColor, number> = {
  amber: 0xe69f00,
  sky: 0x56b4e9,
  lemon: 0xf0e442,
  rose: 0xf5a3c7,
  cloud: 0xe4e8ee,
  sand: 0xcfae7e,
  lime: 0xa8d84a,
  violet: 0xa98bff,
};

export const ACCESSORIES = ["none", "hat", "glasses", "scarf", "headphones", "bow"] as const;
export type Accessory = (typeof ACCESSORIES)[number];

/** PUT /api/me/avatar and the profile's `avatar`: enum values only. */
export const AvatarLook = z.strictObject({
  shape: z.enum(BODY_SHAPES),
  color: z.enum(BODY_COLORS),
  accessory: z.enum(ACCESSORIES),
});
export type AvatarLook = z.infer<typeof AvatarLook>;

/** The words the picker shows (and screen readers read). */
export const SHAPE_WORDS: Record<BodyShape, string> = {
  round: "Round",
  square: "Boxy",
  star: "Star",
  tall: "Tall",
  drop: "Drop",
};
export const COLOR_WORDS: Record<BodyColor, string> = {
  amber: "Amber",
  sky: "Sky blue",
  lemon: "Lemon",
  rose: "Rose",
  cloud: "Cloud white",
  sand: "Sand",
  lime: "Lime",
  violet: "Violet",
};
export const ACCESSORY_WORDS: Record<Accessory, string> = {
  none: "Nothing",
  hat: "Hat",
  glasses: "Glasses",
  scarf: "Scarf",
  headphones: "Headphones",
  bow: "Bow",
};

/** A stable index from an id (FNV-1a), so people who never chose still differ in colour. */
function hashOf(id: string): number {
  let hash = 2166136261;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}

/** The look of someone who never chose one: round, no accessory, a colour picked from their id. */
export function defaultLook(userId: string): AvatarLook {
  return { shape: "round", color: BODY_COLORS[hashOf(userId) % BODY_COLORS.length] as BodyColor, accessory: "none" };
}

/**
 * The look a stored profile stands for. Profiles written before looks had a colour keep
 * `{shape, accent}` (the accent was never drawn in the world): their shape is kept when it
 * is still one of ours, the rest comes from the default, so nobody's avatar changes colour
 * under them. Anything unreadable falls back to the default. Read-time, so no migration.
 */
export function lookFromStored(stored: unknown, userId: string): AvatarLook {
  const fallback = defaultLook(userId);
  if (!stored || typeof stored !== "object") return fallback;
  const s = stored as Record<string, unknown>;
  const pick = <T extends string>(set: readonly T[], value: unknown, otherwise: T): T =>
    typeof value === "string" && (set as readonly string[]).includes(value) ? (value as T) : otherwise;
  return {
    shape: pick(BODY_SHAPES, s.shape, fallback.shape),
    color: pick(BODY_COLORS, s.color, fallback.color),
    accessory: pick(ACCESSORIES, s.accessory, fallback.accessory),
  };
}
