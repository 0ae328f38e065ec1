import assert from "node:assert/strict";
import { NewPassword, PASSWORD_MAX, PASSWORD_MIN, utf8Length } from "../../schema/rules/password.ts";
import { isCommonPassword, loadCommonPasswords } from "../../server/core/common-passwords.ts";
import {
  DEFAULT_SCRYPT_PARAMS,
  dummyVerify,
  hashPassword,
  needsRehash,
  type ScryptParams,
  verifyPassword,
} from "../../server/core/passwords.ts";

// Cheap enough for a fast suite (16 MiB, a few ms); one test below runs the real cost.
const CHEAP: ScryptParams = { N: 2 ** 14, r: 8, p: 1 };
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

describe("password hashing", () => {
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
    await assert.rejects(hashPassword(PASSWORD, { N: 1000, r: 8, p: 1 }), RangeError);
    await assert.rejects(hashPassword(PASSWORD, { N: 2 ** 30, r: 8, p: 1 }), RangeError);
    await assert.rejects(hashPassword("x".repeat(PASSWORD_MAX + 1), CHEAP), RangeError);
    const stored = await hashPassword("x".repeat(PASSWORD_MAX), CHEAP);
    assert.equal(await verifyPassword("x".repeat(PASSWORD_MAX), stored), true);
    assert.equal(await verifyPassword("x".repeat(10_000_000), stored), false);
  });

  it("[PH7] dummyVerify answers false", async () => {
    assert.equal(await dummyVerify(PASSWORD, CHEAP), false);
    assert.equal(await dummyVerify("x".repeat(10_000), CHEAP), false);
  });

  it("[PH8] the default cost is the OWASP one and round-trips (the one slow test)", async function () {
    this.timeout(30_000);
    assert.deepEqual({ ...DEFAULT_SCRYPT_PARAMS }, { N: 131072, r: 8, p: 1 });
    const stored = await hashPassword(PASSWORD);
    assert.match(stored, /^scrypt\$N=131072,r=8,p=1\$/);
    assert.equal(needsRehash(stored), false);
    assert.equal(await verifyPassword(PASSWORD, stored), true);
  });
});
