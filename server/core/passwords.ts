import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { normalizePassword, PASSWORD_MAX, utf8Length } from "#schema/rules/password.ts";

/**
 * Password hashing with scrypt (memory-hard, built into Node: no native add-on to build).
 * Stored strings name their own parameters, `scrypt$N=131072,r=8,p=1$<salt>$<hash>`
 * (base64url), so the cost can be raised later: `needsRehash` spots old hashes at login
 * and the caller stores a fresh one while it still has the plaintext.
 */

export interface ScryptParams {
  /** CPU/memory cost, a power of two. Memory used is about 128 * N * r bytes. */
  readonly N: number;
  /** Block size. */
  readonly r: number;
  /** Parallelism. */
  readonly p: number;
}

/** OWASP Password Storage Cheat Sheet: N=2^17, r=8, p=1 (128 MiB per hash). */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });

const SALT_BYTES = 16;
const KEY_BYTES = 32;

// Bounds on parameters, both ours and those read back from storage: a corrupted or
// tampered row must not be able to ask for gigabytes of memory.
const N_MIN = 2 ** 10;
const N_MAX = 2 ** 20;
const R_MAX = 32;
const P_MAX = 16;
// 4x the default's 128 MiB: room to raise the cost, not enough to exhaust the machine.
const MEMORY_MAX = 512 * 2 ** 20;

const STORED = /^scrypt\$N=(\d{1,8}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]{1,128})\$([A-Za-z0-9_-]{1,128})$/;

interface ParsedHash {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

function validParams({ N, r, p }: ScryptParams): boolean {
  const powerOfTwo = Number.isInteger(N) && (N & (N - 1)) === 0;
  return (
    powerOfTwo &&
    N >= N_MIN &&
    N <= N_MAX &&
    Number.isInteger(r) &&
    r >= 1 &&
    r <= R_MAX &&
    Number.isInteger(p) &&
    p >= 1 &&
    p <= P_MAX &&
    128 * N * r <= MEMORY_MAX
  );
}

/** Strict base64url: anything that does not re-encode to itself is refused. */
function fromBase64Url(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : undefined;
}

function parse(stored: string): ParsedHash | undefined {
  const m = STORED.exec(stored);
  if (m === null) return undefined;
  const params = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  const salt = fromBase64Url(m[4] ?? "");
  const hash = fromBase64Url(m[5] ?? "");
  if (!validParams(params) || salt === undefined || hash === undefined) return undefined;
  if (salt.length < SALT_BYTES || hash.length < 16 || hash.length > 64) return undefined;
  return { params, salt, hash };
}

/** Async scrypt: the work runs on the libuv pool, never on the event loop. */
function derive(password: string, salt: Buffer, keyLength: number, { N, r, p }: ScryptParams): Promise<Buffer> {
  // OpenSSL needs 128*r*(N+p+2) bytes; Node's default cap (32 MiB) is below the OWASP cost.
  const maxmem = 128 * r * (N + p + 2);
  return new Promise((resolve, reject) => {
    scrypt(normalizePassword(password), salt, keyLength, { N, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function tooLong(password: string): boolean {
  // Cheap check on code units first so a huge string is never normalised or encoded.
  return password.length > PASSWORD_MAX || utf8Length(normalizePassword(password)) > PASSWORD_MAX;
}

/** Hashes a password into the self-describing stored form. Throws on bad params or a too-long password. */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  if (!validParams(params)) throw new RangeError(`scrypt parameters out of bounds: ${JSON.stringify(params)}`);
  if (tooLong(password)) throw new RangeError(`password longer than ${PASSWORD_MAX} bytes`);
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, KEY_BYTES, params);
  return `scrypt$N=${params.N},r=${params.r},p=${params.p}$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

/**
 * True when the password matches the stored hash. Never throws: a malformed stored
 * string, an over-long password or a scrypt failure all give false.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (parsed === undefined || tooLong(password)) return false;
  try {
    const candidate = await derive(password, parsed.salt, parsed.hash.length, parsed.params);
    return timingSafeEqual(candidate, parsed.hash);
  } catch {
    return false;
  }
}

/** True when the stored hash is malformed or was made with other parameters than `params`. */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): boolean {
  const parsed = parse(stored);
  if (parsed === undefined) return true;
  const { N, r, p } = parsed.params;
  return N !== params.N || r !== params.r || p !== params.p || parsed.salt.length !== SALT_BYTES || parsed.hash.length !== KEY_BYTES;
}

// Fixed per process; the result is discarded, so its value does not matter.
const DUMMY_SALT = randomBytes(SALT_BYTES);
const DUMMY_HASH = Buffer.alloc(KEY_BYTES);

/**
 * Spends what a real `verifyPassword` spends and answers false. Login calls it when the
 * username is unknown, so response time does not tell which usernames exist.
 */
export async function dummyVerify(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<false> {
  if (tooLong(password) || !validParams(params)) return false;
  try {
    const candidate = await derive(password, DUMMY_SALT, KEY_BYTES, params);
    timingSafeEqual(candidate, DUMMY_HASH);
  } catch {
    // Same as a real verify: a failure is a refusal.
  }
  return false;
}
