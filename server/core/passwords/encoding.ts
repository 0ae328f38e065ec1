/** Strict base64url: anything that does not re-encode to itself is refused. */
export function fromBase64Url(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : undefined;
}

/** Strict unpadded standard base64, as PHC strings (argon2) write salts and hashes. */
export function fromPhcBase64(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, "base64");
  return toPhcBase64(bytes) === text ? bytes : undefined;
}

export function toPhcBase64(bytes: Buffer): string {
  return bytes.toString("base64").replace(/=+$/, "");
}
