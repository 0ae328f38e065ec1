import type { BigFive, PAD } from "./types.ts";
import { clampPad } from "./vector.ts";

/**
 * Baseline mood from personality, with the weights of Mehrabian (1996), "Analysis of the
 * Big-five Personality Factors in Terms of the PAD Temperament Model", Australian
 * Journal of Psychology 48(2):86-92, as ALMA uses them (Gebhard 2005):
 *
 *   P = .21E + .59A + .19S      A = .15O + .30A − .57S      D = .25O + .17C + .60E − .32A
 *
 * Which way round the fifth factor goes: Mehrabian's fifth factor is emotional STABILITY
 * (S), and his abstract describes it as "almost equal degrees of pleasant and unarousable
 * characteristics", i.e. +P and −A, which is exactly the sign pattern of the .19 and −.57
 * weights. ALMA's paper prints the column as "Neuroticism" with the same signs, and ports
 * that copy it literally make the most neurotic avatar the happiest and calmest. Some
 * ports negate the weights instead (−.19N, +.57N), which is the same as what we do.
 * We take neuroticism as input (what Big Five inventories report) and use S = −N, so high
 * neuroticism lowers pleasure and raises arousal, as the temperament literature has it.
 *
 * Note the formula gives conscientiousness no pleasure weight, though the abstract says
 * conscientiousness is "equal degrees of pleasant and dominant": we keep ALMA's published
 * weights rather than invent one.
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
