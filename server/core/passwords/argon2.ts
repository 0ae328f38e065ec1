import { hashRaw } from "@node-rs/argon2";
import { fromPhcBase64, toPhcBase64 } from "./encoding.ts";

/**
 * argon2id through @node-rs/argon2 (a prebuilt binary shipped inside the registry
 * package; the hash runs on the libuv pool, off the event loop). Stored in the standard
 * PHC form `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`, so other libraries read it.
 */

export interface Argon2Params {
  readonly algorithm: "argon2id";
  /** Memory in KiB (`m`). */
  readonly memoryKiB: number;
  /** Passes over memory (`t`). */
  readonly time: number;
  /** Lanes (`p`). */
  readonly parallelism: number;
}

/** OWASP Password Storage Cheat Sheet: argon2id, m = 19 MiB, t = 2, p = 1. */
export const OWASP_ARGON2ID: Argon2Params = Object.freeze({ algorithm: "argon2id", memoryKiB: 19_456, time: 2, parallelism: 1 });

// Bounds for ours and for what storage hands back (a tampered row must not ask for GiBs).
const M_MIN = 64;
const M_MAX = 256 * 1024;
const T_MAX = 10;
const P_MAX = 8;
const VERSION = 19;
// The package's `Algorithm` is an ambient const enum (not importable under
// verbatimModuleSyntax); 2 is its Argon2id.
const ARGON2ID = 2;

const STORED = /^\$argon2id\$v=(\d{1,3})\$m=(\d{1,7}),t=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{11,88})\$([A-Za-z0-9+/]{22,88})$/;

export function validArgon2({ memoryKiB, time, parallelism }: Argon2Params): boolean {
  const intIn = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;
  return intIn(parallelism, 1, P_MAX) && intIn(time, 1, T_MAX) && intIn(memoryKiB, Math.max(M_MIN, 8 * parallelism), M_MAX);
}

export function parseArgon2(stored: string): { params: Argon2Params; salt: Buffer; hash: Buffer } | undefined {
  const m = STORED.exec(stored);
  if (m === null || Number(m[1]) !== VERSION) return undefined;
  const params: Argon2Params = { algorithm: "argon2id", memoryKiB: Number(m[2]), time: Number(m[3]), parallelism: Number(m[4]) };
  const salt = fromPhcBase64(m[5] ?? "");
  const hash = fromPhcBase64(m[6] ?? "");
  if (!validArgon2(params) || salt === undefined || hash === undefined) return undefined;
  return { params, salt, hash };
}

export function formatArgon2({ memoryKiB, time, parallelism }: Argon2Params, salt: Buffer, hash: Buffer): string {
  return `$argon2id$v=${VERSION}$m=${memoryKiB},t=${time},p=${parallelism}$${toPhcBase64(salt)}$${toPhcBase64(hash)}`;
}

export function deriveArgon2(password: string, salt: Buffer, keyLength: number, params: Argon2Params): Promise<Buffer> {
  return hashRaw(password, {
    algorithm: ARGON2ID,
    memoryCost: params.memoryKiB,
    timeCost: params.time,
    parallelism: params.parallelism,
    outputLen: keyLength,
    salt,
  });
}
