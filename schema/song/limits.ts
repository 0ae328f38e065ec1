/**
 * Limits of a Song (docs/SONG.md, SG30-SG33), shared by the server, which enforces them
 * with BAD_INPUT, and the client, which shows them before anything is sent.
 */
export const SONG_LIMITS = {
  /** Verses in one Song. */
  verses: 500,
  /** Characters of prose in one Verse. */
  prose: 20_000,
  /** Choices leaving one Verse. */
  choicesPerVerse: 8,
  /** Characters in a Song or Verse title. */
  title: 80,
  /** Characters in a choice label. */
  label: 120,
  /** Declared story variables. */
  variables: 50,
  /** Characters in a variable name. */
  variableName: 32,
  /** Characters in one condition or effect source. */
  source: 200,
  /** Effects on one choice. */
  effectsPerChoice: 8,
  /** Nesting depth of a condition or effect expression (parentheses, not, unary minus). */
  depth: 12,
  /** Nodes in one parsed condition or effect. */
  nodes: 64,
  /** Bytes (UTF-8) of the whole Song serialized as JSON. */
  serialized: 2_000_000,
  /** Largest magnitude of a canvas coordinate. */
  coord: 100_000,
  /** Largest magnitude of a number variable's value, range bound or literal. */
  number: 1_000_000_000,
  /** Characters in a Verse or choice id. */
  id: 40,
  /** Ops in one batch applied all or nothing. */
  opsPerBatch: 32,
  /** Steps of a reader's path kept (older ones are dropped; the step count goes on). */
  path: 500,
} as const;
