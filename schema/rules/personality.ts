import { z } from "zod";

/** The five traits, in the order sliders show them. */
export const BIG_FIVE_TRAITS = ["openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism"] as const;
export type BigFiveTrait = (typeof BIG_FIVE_TRAITS)[number];

/** One trait: -1..1, 0 the population average. */
export const Trait = z.number().finite().min(-1).max(1);

/**
 * Big Five personality, the one declaration: the space message, the profile edit, the
 * stored user and the PAD engine all use this shape (the mood rests where it points).
 */
export const BigFive = z.strictObject({
  openness: Trait,
  conscientiousness: Trait,
  extraversion: Trait,
  agreeableness: Trait,
  neuroticism: Trait,
});
export type BigFive = z.infer<typeof BigFive>;
