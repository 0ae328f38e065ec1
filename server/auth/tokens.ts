import { createHash, randomBytes } from "node:crypto";

/** 256 random bits, URL-safe. Session tokens are shown once and stored only as a hash. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Opaque ids for documents (128 bits). */
export function newId(): string {
  return randomBytes(16).toString("hex");
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Cheap shape check before any store lookup. */
export function looksLikeToken(value: string): boolean {
  return TOKEN_SHAPE.test(value);
}
