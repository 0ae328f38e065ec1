/** The Song engine (docs/SONG.md): pure, no I/O; digest.ts holds the one node:crypto call. */
export * from "./canonical.ts";
export * from "./compiled.ts";
export * from "./evaluate.ts";
export * from "./intervals.ts";
export * from "./load.ts";
export * from "./ops.ts";
export * from "./parser.ts";
export * from "./publish.ts";
export * from "./reading.ts";
export * from "./types.ts";
export * from "./validate.ts";
export * from "./votes.ts";
