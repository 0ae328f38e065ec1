import assert from "node:assert/strict";
import { type Coding, chooseCoding, noneMatchHits } from "../../server/http/content-coding.ts";

const BOTH: ReadonlySet<Coding> = new Set(["identity", "br", "gzip"]);
const GZIP_ONLY: ReadonlySet<Coding> = new Set(["identity", "gzip"]);
const NONE: ReadonlySet<Coding> = new Set(["identity"]);

describe("content coding (issue 12 #14)", () => {
  it("[SF5] Accept-Encoding weights pick br, gzip or identity as RFC 9110 reads them", () => {
    const cases: Array<[string | null, ReadonlySet<Coding>, Coding]> = [
      [null, BOTH, "identity"],
      ["", BOTH, "identity"],
      ["gzip, deflate, br, zstd", BOTH, "br"],
      ["gzip, deflate, br, zstd", GZIP_ONLY, "gzip"],
      ["gzip, deflate, br", NONE, "identity"],
      ["BR;Q=1.0, GZIP", BOTH, "br"],
      ["br;q=0.5, gzip", BOTH, "gzip"],
      ["br;q=0, gzip;q=0.8", BOTH, "gzip"],
      ["gzip;q=0.5, identity", BOTH, "identity"],
      ["identity;q=0.4, gzip;q=0.5", BOTH, "gzip"],
      ["x-gzip", BOTH, "gzip"],
      ["*", BOTH, "br"],
      ["*;q=0, identity", BOTH, "identity"],
      ["*;q=0.1, br;q=0", BOTH, "gzip"],
      ["br;q=2, gzip;q=0.1", BOTH, "gzip"], // 2 is no weight: br refused
      ["br;q=abc", BOTH, "identity"],
      ["deflate", BOTH, "identity"],
      ["identity;q=0", NONE, "identity"], // nothing acceptable: still readable, never a 406
      [" , ;q=1, br ;  q=0.9 ", BOTH, "br"],
    ];
    for (const [header, available, expected] of cases) {
      assert.equal(chooseCoding(header, available), expected, `${JSON.stringify(header)} of ${[...available]}`);
    }
  });

  it("[SF6] If-None-Match matches a listed tag (weakly) or *, and nothing else", () => {
    assert.equal(noneMatchHits(null, '"a-br"'), false);
    assert.equal(noneMatchHits('"a-br"', '"a-br"'), true);
    assert.equal(noneMatchHits('W/"a-br"', '"a-br"'), true);
    assert.equal(noneMatchHits('"x", "a-br"', '"a-br"'), true);
    assert.equal(noneMatchHits("*", '"a"'), true);
    assert.equal(noneMatchHits('"a"', '"a-br"'), false);
    assert.equal(noneMatchHits('"a-gzip"', '"a-br"'), false);
  });
});
