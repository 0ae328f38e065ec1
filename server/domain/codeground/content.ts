import { createHash } from "node:crypto";

/** What a version's identity is made of: the three things a reader sees and runs. */
export interface ScriptContent {
  title: string;
  description: string;
  source: string;
}

/**
 * One canonical string per content: a JSON array in a fixed order, so key order or
 * whitespace elsewhere never changes the hash, and no field can bleed into another
 * (JSON quotes each one).
 */
export function canonicalContent(c: ScriptContent): string {
  return JSON.stringify(["neospace-script/1", c.title, c.description, c.source]);
}

/** sha256 over the canonical content, hex. */
export function contentHash(c: ScriptContent): string {
  return createHash("sha256").update(canonicalContent(c), "utf8").digest("hex");
}

/** A published version, as stored: never updated after it is written. */
export interface VersionContent extends ScriptContent {
  number: number;
  hash: string;
}

/**
 * The next version of a script, from its draft. Publishing content identical to the
 * latest version makes no new version (null): a version number always means a change.
 */
export function nextVersion(draft: ScriptContent, latest: { number: number; hash: string } | null): VersionContent | null {
  const hash = contentHash(draft);
  if (latest && latest.hash === hash) return null;
  return Object.freeze({ title: draft.title, description: draft.description, source: draft.source, number: (latest?.number ?? 0) + 1, hash });
}

/** Checks a stored version still matches its hash (a version is immutable; this catches a tampered row). */
export function versionIntact(v: VersionContent): boolean {
  return contentHash(v) === v.hash;
}
