import { randomBytes, timingSafeEqual } from "node:crypto";
import { normalizePassword, PASSWORD_MAX, utf8Length } from "#schema/rules/password.ts";
import { type Argon2Params, deriveArgon2, formatArgon2, OWASP_ARGON2ID, parseArgon2, validArgon2 } from "./passwords/argon2.ts";
import { deriveScrypt, formatScrypt, owaspScrypt, parseScrypt, type ScryptParams, validScrypt } from "./passwords/scrypt.ts";

/**
 * Password hashing. New hashes use argon2id at OWASP's m=19 MiB, t=2, p=1 (about 40 ms
 * and 19 MiB each, against scrypt N=2^17's 128 MiB and several hundred ms at equal
 * strength). Every stored string names its algorithm and parameters, so a hash made
 * under older settings still verifies with its own, and `needsRehash` tells the login
 * path to store a fresh one while it holds the plaintext.
 */

export type { Argon2Params } from "./passwords/argon2.ts";
export { OWASP_ARGON2ID } from "./passwords/argon2.ts";
export type { ScryptParams } from "./passwords/scrypt.ts";
export { owaspScrypt } from "./passwords/scrypt.ts";

export type PasswordPolicy = Argon2Params | ScryptParams;

/** What new hashes use unless configured otherwise. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = OWASP_ARGON2ID;

/** The scrypt cost hashes were made with before argon2id: verified as stored, upgraded at login. */
export const LEGACY_SCRYPT_PARAMS: ScryptParams = owaspScrypt(17);

const SALT_BYTES = 16;
const KEY_BYTES = 32;

interface ParsedHash {
  readonly params: PasswordPolicy;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

function parse(stored: string): ParsedHash | undefined {
  const parsed = stored.startsWith("$argon2id$") ? parseArgon2(stored) : parseScrypt(stored);
  if (parsed === undefined || parsed.salt.length < SALT_BYTES || parsed.hash.length < 16 || parsed.hash.length > 64) return undefined;
  return parsed;
}

function valid(policy: PasswordPolicy): boolean {
  return policy.algorithm === "argon2id" ? validArgon2(policy) : validScrypt(policy);
}

function derive(password: string, salt: Buffer, keyLength: number, policy: PasswordPolicy): Promise<Buffer> {
  const text = normalizePassword(password);
  return policy.algorithm === "argon2id" ? deriveArgon2(text, salt, keyLength, policy) : deriveScrypt(text, salt, keyLength, policy);
}

function tooLong(password: string): boolean {
  // Cheap check on code units first so a huge string is never normalised or encoded.
  return password.length > PASSWORD_MAX || utf8Length(normalizePassword(password)) > PASSWORD_MAX;
}

/** Hashes a password into the self-describing stored form. Throws on bad params or a too-long password. */
export async function hashPassword(password: string, policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY): Promise<string> {
  if (!valid(policy)) throw new RangeError(`password hash parameters out of bounds: ${JSON.stringify(policy)}`);
  if (tooLong(password)) throw new RangeError(`password longer than ${PASSWORD_MAX} bytes`);
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, KEY_BYTES, policy);
  return policy.algorithm === "argon2id" ? formatArgon2(policy, salt, hash) : formatScrypt(policy, salt, hash);
}

/**
 * True when the password matches the stored hash, with the parameters the hash records.
 * Never throws: a malformed stored string, an over-long password or a KDF failure give false.
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

/** The algorithm and parameters a stored hash records, or undefined when it is malformed. */
export function hashParams(stored: string): PasswordPolicy | undefined {
  return parse(stored)?.params;
}

/** True when the stored hash is malformed or was made with another algorithm or parameters than `policy`. */
export function needsRehash(stored: string, policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY): boolean {
  const parsed = parse(stored);
  if (parsed === undefined) return true;
  return !sameParams(parsed.params, policy) || parsed.salt.length !== SALT_BYTES || parsed.hash.length !== KEY_BYTES;
}

function sameParams(a: PasswordPolicy, b: PasswordPolicy): boolean {
  if (a.algorithm === "argon2id" && b.algorithm === "argon2id") {
    return a.memoryKiB === b.memoryKiB && a.time === b.time && a.parallelism === b.parallelism;
  }
  if (a.algorithm === "scrypt" && b.algorithm === "scrypt") return a.N === b.N && a.r === b.r && a.p === b.p;
  return false;
}

// Fixed per process; the result is discarded, so its value does not matter.
const DUMMY_SALT = randomBytes(SALT_BYTES);
const DUMMY_HASH = Buffer.alloc(KEY_BYTES);

/**
 * Spends what a real `verifyPassword` spends and answers false. Login calls it when the
 * username is unknown, so response time does not tell which usernames exist.
 */
export async function dummyVerify(password: string, policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY): Promise<false> {
  if (tooLong(password) || !valid(policy)) return false;
  try {
    const candidate = await derive(password, DUMMY_SALT, KEY_BYTES, policy);
    timingSafeEqual(candidate, DUMMY_HASH);
  } catch {
    // Same as a real verify: a failure is a refusal.
  }
  return false;
}
