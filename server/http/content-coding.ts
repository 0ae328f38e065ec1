/**
 * Content negotiation for the precompressed client build: which representation of a file
 * to send for a request's Accept-Encoding (RFC 9110 §12.5.3), and whether its
 * If-None-Match already names the one we would send (§13.1.2).
 */

/** The codings the build writes next to each file (`x.js.br`, `x.js.gz`), best first. */
export const CODINGS = ["br", "gzip"] as const;
export type Coding = (typeof CODINGS)[number] | "identity";

/** The file suffix each precompressed coding is stored under. */
export const CODING_SUFFIX: Record<Exclude<Coding, "identity">, string> = { br: ".br", gzip: ".gz" };

/** `"gzip;q=0.5, br"` → coding → weight; malformed weights count as 0 (not acceptable). */
function weights(header: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name = "", ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    if (name === "") continue;
    let q = 1;
    for (const param of params) {
      const [key, value = ""] = param.split("=").map((s) => s.trim());
      if (key === "q") q = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(value) ? Number(value) : 0;
    }
    out.set(name === "x-gzip" ? "gzip" : name, q);
  }
  return out;
}

/**
 * The representation to send: the acceptable coding with the highest weight among those
 * `available`, ties going to the smaller one (br, then gzip, then identity). No header means
 * identity (a client that names nothing may not decode anything). Identity is acceptable
 * unless refused by name or by `*;q=0`, and below any named coding unless it is named
 * itself; when everything is refused we still send identity rather than a 406.
 */
export function chooseCoding(acceptEncoding: string | null, available: ReadonlySet<Coding>): Coding {
  if (acceptEncoding === null || acceptEncoding.trim() === "") return "identity";
  const w = weights(acceptEncoding);
  const star = w.get("*");
  let best: Coding = "identity";
  // Unnamed, identity is acceptable but the least wanted: any named coding beats it.
  let bestQ = w.get("identity") ?? star ?? Number.MIN_VALUE;
  for (const coding of [...CODINGS].reverse()) {
    if (!available.has(coding)) continue;
    const q = w.get(coding) ?? star ?? 0;
    if (q > 0 && q >= bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  return best;
}

/** True when If-None-Match lists `etag` (weak comparison) or is `*`. */
export function noneMatchHits(ifNoneMatch: string | null, etag: string): boolean {
  if (ifNoneMatch === null) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
}
