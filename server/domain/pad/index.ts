export * from "./contagion.ts";
export * from "./dynamics.ts";
export * from "./emotions.ts";
export * from "./events.ts";
export * from "./labels.ts";
export * from "./personality.ts";
export * from "./types.ts";
export { distance, length, SQRT3 } from "./vector.ts";
