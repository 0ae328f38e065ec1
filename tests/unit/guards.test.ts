import assert from "node:assert/strict";
import fc from "fast-check";
import { TokenBucket } from "../../server/core/token-bucket.ts";
import { ClientGuard, STRIKE_LIMIT } from "../../server/rooms/client-guard.ts";

describe("token bucket and client guard", () => {
  it("[RL1] admits a burst, then the sustained rate", () => {
    const b = new TokenBucket({ perSecond: 10, burst: 5 }, 0);
    const admitted = Array.from({ length: 8 }, () => b.take(0)).filter(Boolean).length;
    assert.equal(admitted, 5);
    assert.equal(b.take(100), true, "one token back after 100 ms at 10/s");
    assert.equal(b.take(100), false);
  });

  it("[RL2] never admits more than burst + rate × elapsed", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }), (gaps) => {
        const b = new TokenBucket({ perSecond: 20, burst: 10 }, 0);
        let t = 0;
        let admitted = 0;
        for (const gap of gaps) {
          t += gap;
          if (b.take(t)) admitted++;
        }
        return admitted <= 10 + Math.floor((t / 1000) * 20) + 1;
      }),
    );
  });

  it("[RL3] closes a client only after sustained refusals", () => {
    const g = new ClientGuard();
    let verdict = "refuse";
    let n = 0;
    while (verdict !== "close" && n < 1000) {
      verdict = g.strike(0);
      n++;
    }
    assert.equal(n, STRIKE_LIMIT + 1);
    const slow = new ClientGuard();
    for (let i = 0; i < 200; i++) assert.equal(slow.strike(i * 1500), "refuse", "strikes decay between slow refusals");
  });
});
