import assert from "node:assert/strict";
import { NewPassword, PASSWORD_MAX, PASSWORD_MIN, utf8Length } from "../../schema/rules/password.ts";
import { isCommonPassword, loadCommonPasswords } from "../../server/core/common-passwords.ts";
import { verify as argon2Verify } from "@node-rs/argon2";
import {
  type Argon2Params,
  DEFAULT_PASSWORD_POLICY,
  dummyVerify,
  hashParams,
  hashPassword,
  LEGACY_SCRYPT_PARAMS,
  needsRehash,
  OWASP_ARGON2ID,
  owaspScrypt,
  type ScryptParams,
  verifyPassword,
} from "../../server/core/passwords.ts";

// Cheap enough for a fast suite (16 MiB, a few ms); one test below runs the real cost.
const CHEAP: ScryptParams = { algorithm: "scrypt", N: 2 ** 14, r: 8, p: 1 };
const CHEAP_ARGON2: Argon2Params = { algorithm: "argon2id", memoryKiB: 1_024, time: 1, parallelism: 1 };
const PASSWORD = "correct horse battery staple";

describe("password rules", () => {
  it("[PW1] length is at least PASSWORD_MIN characters and at most PASSWORD_MAX UTF-8 bytes", () => {
    assert.equal(NewPassword.safeParse("x".repeat(PASSWORD_MIN - 1)).success, false);
    assert.equal(NewPassword.parse("x".repeat(PASSWORD_MIN)), "x".repeat(PASSWORD_MIN));
    assert.equal(NewPassword.safeParse("é".repeat(PASSWORD_MIN)).success, true, "minimum counts characters, not bytes");
    assert.equal(NewPassword.safeParse("😀".repeat(5)).success, false, "emoji count once each, not per UTF-16 unit");

    assert.equal(NewPassword.safeParse("x".repeat(PASSWORD_MAX)).success, true);
    assert.equal(NewPassword.safeParse("x".repeat(PASSWORD_MAX + 1)).success, false);
    assert.equal(utf8Length("😀".repeat(64)), PASSWORD_MAX);
    assert.equal(NewPassword.safeParse("😀".repeat(64)).success, true);
    assert.equal(NewPassword.safeParse("😀".repeat(65)).success, false, "260 bytes in 130 UTF-16 units");
    assert.equal(NewPassword.safeParse("é".repeat(129)).success, false, "258 bytes in 129 characters");

    const short = NewPassword.safeParse("abc");
    assert.deepEqual(short.error?.issues.map((i) => i.message), [`at least ${PASSWORD_MIN} characters`]);
    const long = NewPassword.safeParse("é".repeat(200));
    assert.match(long.error?.issues[0]?.message ?? "", /at most 256 bytes/);
  });

  it("[PW2] passwords are NFKC-normalised so the same text typed differently matches", () => {
    assert.equal(NewPassword.parse("ｐａｓｓ ｐｈｒａｓｅ ９"), "pass phrase 9");
    assert.equal(NewPassword.parse("cafe\u0301 au lait"), "caf\u00e9 au lait");
  });
});

describe("common passwords", () => {
  it("[CP1] ships a list of at least 10,000 entries", () => {
    assert.ok(loadCommonPasswords().size >= 10_000, String(loadCommonPasswords().size));
  });

  it("[CP2] detects common passwords ignoring case and trailing digits or punctuation", () => {
    for (const pw of ["password", "PASSWORD", "Password123!", "password1", "qwertyuiop", "Trustno1", "iloveyou!!", "Dragon2024", "football 99", "1234567890"]) {
      assert.equal(isCommonPassword(pw), true, pw);
    }
  });

  it("[CP3] leaves uncommon passwords alone, including short stems with long tails", () => {
    for (const pw of [PASSWORD, "vN3#qT9!zLr2", "abc8472910!", "zebra-kettle-orbit", "Ωμέγα-πάσσγουορντ"]) {
      assert.equal(isCommonPassword(pw), false, pw);
    }
  });
});

describe("password hashing", function () {
  // Real scrypt hashes: about a second each on a loaded 2-core machine.
  this.timeout(20_000);
  it("[PH1] round trip: the right password verifies, a wrong one does not", async () => {
    const stored = await hashPassword(PASSWORD, CHEAP);
    assert.match(stored, /^scrypt\$N=16384,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    assert.equal(await verifyPassword(PASSWORD, stored), true);
    assert.equal(await verifyPassword("correct horse battery stapler", stored), false);
    assert.equal(await verifyPassword("", stored), false);
  });

  it("[PH2] passwords are hashed in NFKC form", async () => {
    const stored = await hashPassword("cafe\u0301 au lait", CHEAP);
    assert.equal(await verifyPassword("caf\u00e9 au lait", stored), true);
  });

  it("[PH3] two hashes of one password use different salts", async () => {
    const [a, b] = await Promise.all([hashPassword(PASSWORD, CHEAP), hashPassword(PASSWORD, CHEAP)]);
    assert.notEqual(a.split("$")[2], b.split("$")[2]);
    assert.notEqual(a, b);
  });

  it("[PH4] malformed stored strings verify false and never throw", async () => {
    const good = await hashPassword(PASSWORD, CHEAP);
    const [, , salt, hash] = good.split("$");
    const malformed = [
      "",
      "!",
      "plaintext",
      good.replace("scrypt", "argon2id"),
      `scrypt$N=16384,r=8$${salt}$${hash}`,
      `scrypt$N=16383,r=8,p=1$${salt}$${hash}`, // not a power of two
      `scrypt$N=1073741824,r=8,p=1$${salt}$${hash}`, // would ask for 1 TiB
      `scrypt$N=1048576,r=32,p=1$${salt}$${hash}`, // 4 GiB: each bound alone allows it, memory does not
      `scrypt$N=16384,r=0,p=1$${salt}$${hash}`,
      `scrypt$N=16384,r=8,p=1$${salt}`,
      `scrypt$N=16384,r=8,p=1$$${hash}`,
      `scrypt$N=16384,r=8,p=1$${salt}$${hash}=`, // padded base64 is not base64url
      `scrypt$N=16384,r=8,p=1$c2hvcnQ$${hash}`, // 5-byte salt
      `scrypt$N=16384,r=8,p=1$${salt}$${hash}$extra`,
      `${good}\n`,
    ];
    for (const stored of malformed) {
      assert.equal(await verifyPassword(PASSWORD, stored), false, JSON.stringify(stored));
      assert.equal(needsRehash(stored), true, JSON.stringify(stored));
    }
  });

  it("[PH5] needsRehash when the stored parameters differ from the wanted ones", async () => {
    const stored = await hashPassword(PASSWORD, CHEAP);
    assert.equal(needsRehash(stored, CHEAP), false);
    assert.equal(needsRehash(stored), true, "default cost is higher");
    assert.equal(needsRehash(stored, { ...CHEAP, r: 16 }), true);
    assert.equal(needsRehash(stored, { ...CHEAP, p: 2 }), true);
  });

  it("[PH6] refuses out-of-bounds parameters and over-long passwords when hashing", async () => {
    await assert.rejects(hashPassword(PASSWORD, { ...CHEAP, N: 1000 }), RangeError);
    await assert.rejects(hashPassword(PASSWORD, { ...CHEAP, N: 2 ** 30 }), RangeError);
    await assert.rejects(hashPassword(PASSWORD, { ...CHEAP_ARGON2, memoryKiB: 2 ** 22 }), RangeError);
    await assert.rejects(hashPassword(PASSWORD, { ...CHEAP_ARGON2, time: 0 }), RangeError);
    await assert.rejects(hashPassword("x".repeat(PASSWORD_MAX + 1), CHEAP), RangeError);
    const stored = await hashPassword("x".repeat(PASSWORD_MAX), CHEAP);
    assert.equal(await verifyPassword("x".repeat(PASSWORD_MAX), stored), true);
    assert.equal(await verifyPassword("x".repeat(10_000_000), stored), false);
  });

  it("[PH7] dummyVerify answers false", async () => {
    assert.equal(await dummyVerify(PASSWORD, CHEAP), false);
    assert.equal(await dummyVerify("x".repeat(10_000), CHEAP), false);
  });

  it("[PH8] the default is argon2id at OWASP's m=19 MiB, t=2, p=1, and round-trips at that real cost", async () => {
    assert.deepEqual({ ...DEFAULT_PASSWORD_POLICY }, { algorithm: "argon2id", memoryKiB: 19_456, time: 2, parallelism: 1 });
    const stored = await hashPassword(PASSWORD);
    assert.match(stored, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    assert.equal(needsRehash(stored), false);
    assert.equal(await verifyPassword(PASSWORD, stored), true);
    assert.equal(await verifyPassword(`${PASSWORD}!`, stored), false);
  });

  it("[PH9] the stored hash records its algorithm and parameters (standard PHC form other argon2 libraries verify)", async () => {
    const argon = await hashPassword(PASSWORD, CHEAP_ARGON2);
    assert.deepEqual(hashParams(argon), CHEAP_ARGON2);
    assert.equal(await argon2Verify(argon, PASSWORD), true, "@node-rs/argon2's own verify reads our string");
    const scrypt = await hashPassword(PASSWORD, CHEAP);
    assert.deepEqual(hashParams(scrypt), CHEAP);
    assert.equal(hashParams("plaintext"), undefined);
  });

  it("[PH10] a hash made under other settings verifies with its own and needs a re-hash (legacy scrypt → argon2id)", async () => {
    const legacy = await hashPassword(PASSWORD, CHEAP);
    assert.equal(await verifyPassword(PASSWORD, legacy), true);
    assert.equal(needsRehash(legacy, CHEAP_ARGON2), true, "other algorithm");
    assert.equal(needsRehash(legacy, DEFAULT_PASSWORD_POLICY), true);
    const argon = await hashPassword(PASSWORD, CHEAP_ARGON2);
    assert.equal(needsRehash(argon, CHEAP_ARGON2), false);
    assert.equal(needsRehash(argon, { ...CHEAP_ARGON2, time: 2 }), true, "other cost");
    assert.equal(needsRehash(argon, CHEAP), true);
    assert.deepEqual({ ...LEGACY_SCRYPT_PARAMS }, { algorithm: "scrypt", N: 131072, r: 8, p: 1 });
  });

  it("[PH11] scrypt at a lower N takes OWASP's equal-strength p", () => {
    assert.deepEqual([13, 14, 15, 16, 17, 18].map((n) => owaspScrypt(n).p), [10, 5, 3, 2, 1, 1]);
  });

  it("[PH12] malformed or out-of-bounds argon2id strings verify false and never throw", async () => {
    const good = await hashPassword(PASSWORD, CHEAP_ARGON2);
    const [, , , , salt, hash] = good.split("$");
    const malformed = [
      good.replace("argon2id", "argon2i"),
      good.replace("v=19", "v=16"),
      `$argon2id$v=19$m=4194304,t=1,p=1$${salt}$${hash}`, // 4 GiB
      `$argon2id$v=19$m=1024,t=99,p=1$${salt}$${hash}`,
      `$argon2id$v=19$m=1024,t=1,p=0$${salt}$${hash}`,
      `$argon2id$v=19$m=1024,t=1$${salt}$${hash}`,
      `$argon2id$v=19$m=1024,t=1,p=1$${salt}$${hash}=`,
      `$argon2id$v=19$m=1024,t=1,p=1$c2hvcnRzYWx0$${hash}`, // 9-byte salt
      `${good}\n`,
    ];
    for (const stored of malformed) {
      assert.equal(await verifyPassword(PASSWORD, stored), false, JSON.stringify(stored));
      assert.equal(needsRehash(stored, CHEAP_ARGON2), true, JSON.stringify(stored));
    }
  });

  it("[PH13] dummyVerify spends an argon2id hash too and answers false", async () => {
    assert.equal(await dummyVerify(PASSWORD, CHEAP_ARGON2), false);
    assert.equal(await dummyVerify(PASSWORD, OWASP_ARGON2ID), false);
  });
});
