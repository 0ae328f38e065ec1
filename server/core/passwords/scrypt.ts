import { scrypt } from "node:crypto";
import { fromBase64Url } from "./encoding.ts";

/**
 * scrypt, built into Node (async on the libuv pool). Kept to verify hashes made before
 * argon2id became the default, and selectable with PASSWORD_HASH=scrypt.
 * Stored form: `scrypt$N=131072,r=8,p=1$<salt>$<hash>` (base64url).
 */

export interface ScryptParams {
  readonly algorithm: "scrypt";
  /** CPU/memory cost, a power of two. Memory used is about 128 * N * r bytes. */
  readonly N: number;
  /** Block size. */
  readonly r: number;
  /** Parallelism: runs one after another inside one call, so it adds time, not memory. */
  readonly p: number;
}

/**
 * OWASP Password Storage Cheat Sheet: these settings are of equal strength; a lower N
 * needs less memory per hash and a higher p makes up for it.
 */
export const OWASP_SCRYPT_P: Readonly<Record<number, number>> = Object.freeze({ 17: 1, 16: 2, 15: 3, 14: 5, 13: 10 });

/** scrypt at OWASP strength for N = 2^log2N (r = 8; p from the equal-strength table, 1 above 2^17). */
export function owaspScrypt(log2N: number): ScryptParams {
  return Object.freeze({ algorithm: "scrypt", N: 2 ** log2N, r: 8, p: OWASP_SCRYPT_P[log2N] ?? 1 });
}

// Bounds on parameters, both ours and those read back from storage: a corrupted or
// tampered row must not be able to ask for gigabytes of memory.
const N_MIN = 2 ** 10;
const N_MAX = 2 ** 20;
const R_MAX = 32;
const P_MAX = 16;
const MEMORY_MAX = 512 * 2 ** 20;

const STORED = /^scrypt\$N=(\d{1,8}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]{1,128})\$([A-Za-z0-9_-]{1,128})$/;

export function validScrypt({ N, r, p }: ScryptParams): boolean {
  const powerOfTwo = Number.isInteger(N) && (N & (N - 1)) === 0;
  const intIn = (v: number, max: number) => Number.isInteger(v) && v >= 1 && v <= max;
  return powerOfTwo && N >= N_MIN && N <= N_MAX && intIn(r, R_MAX) && intIn(p, P_MAX) && 128 * N * r <= MEMORY_MAX;
}

export function parseScrypt(stored: string): { params: ScryptParams; salt: Buffer; hash: Buffer } | undefined {
  const m = STORED.exec(stored);
  if (m === null) return undefined;
  const params: ScryptParams = { algorithm: "scrypt", N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  const salt = fromBase64Url(m[4] ?? "");
  const hash = fromBase64Url(m[5] ?? "");
  if (!validScrypt(params) || salt === undefined || hash === undefined) return undefined;
  return { params, salt, hash };
}

export function formatScrypt({ N, r, p }: ScryptParams, salt: Buffer, hash: Buffer): string {
  return `scrypt$N=${N},r=${r},p=${p}$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

/** Async scrypt: the work runs on the libuv pool, never on the event loop. */
export function deriveScrypt(password: string, salt: Buffer, keyLength: number, { N, r, p }: ScryptParams): Promise<Buffer> {
  // OpenSSL needs 128*r*(N+p+2) bytes; Node's default cap (32 MiB) is below the OWASP cost.
  const maxmem = 128 * r * (N + p + 2);
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, { N, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}
