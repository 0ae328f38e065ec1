import type { BigFive, PAD } from "./types.ts";
import { clampPad } from "./vector.ts";

/**
 * Baseline mood from personality, with the weights of Mehrabian (1996), "Analysis of the
 * Big-five Personality Factors in Terms of the PAD Temperament Model", Australian
 * Journal of Psychology 48(2):86-92:
 *
 *   P = .21E + .59A + .19S      A = .15O + .30A − .57S      D = .25O + .17C + .60E − .32A
 *
 * Mehrabian's fifth factor is emotional STABILITY (S). ALMA's paper and several ports print
 * it as "N" and some read N as neuroticism, which would make anxious people calmer and
 * happier. We take neuroticism as input and use S = −neuroticism, so high neuroticism
 * lowers pleasure and raises arousal, as the temperament literature describes.
 */
export function baselineOf(t: BigFive): PAD {
  const stability = -t.neuroticism;
  return clampPad({
    p: 0.21 * t.extraversion + 0.59 * t.agreeableness + 0.19 * stability,
    a: 0.15 * t.openness + 0.3 * t.agreeableness - 0.57 * stability,
    d: 0.25 * t.openness + 0.17 * t.conscientiousness + 0.6 * t.extraversion - 0.32 * t.agreeableness,
  });
}

export const AVERAGE_PERSONALITY: BigFive = {
  openness: 0,
  conscientiousness: 0,
  extraversion: 0,
  agreeableness: 0,
  neuroticism: 0,
};
