import assert from "node:assert/strict";
import fc from "fast-check";
import {
  isReservedUsername,
  NewUsername,
  normalizeUsername,
  RESERVED_USERNAMES,
  USERNAME_MAX,
  Username,
  usernameKey,
  usernameProblem,
} from "../../schema/rules/username.ts";

function messages(input: unknown, schema: typeof Username | typeof NewUsername = Username): string[] {
  const r = schema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.message);
}

// A valid username: alphanumeric runs joined by single separators, 3..20 characters.
const validUsername = fc
  .stringMatching(/^[A-Za-z0-9]{1,8}(?:[._-][A-Za-z0-9]{1,8}){0,3}$/)
  .filter((s) => usernameProblem(s) === undefined);

describe("username rules", () => {
  it("[UN1] accepts letters, digits and single inner separators, keeping case", () => {
    for (const name of ["ada", "Ada_Lovelace", "x-1.y", "007", "a1b", "Z".repeat(USERNAME_MAX)]) {
      assert.equal(Username.parse(name), name);
    }
    assert.equal(Username.parse("  Ada  "), "Ada", "trimmed");
  });

  it("[UN2] refuses bad names with one clear message each", () => {
    const cases: [string, string][] = [
      ["ab", "at least 3 characters"],
      ["x".repeat(USERNAME_MAX + 1), `at most ${USERNAME_MAX} characters`],
      ["x".repeat(500), `at most ${USERNAME_MAX} characters`],
      ["ada lovelace", "only letters a-z, digits, and _ - . are allowed"],
      ["adá", "only letters a-z, digits, and _ - . are allowed"],
      ["аda", "only letters a-z, digits, and _ - . are allowed"], // Cyrillic "а"
      ["_ada", "must start with a letter or digit"],
      [".ada", "must start with a letter or digit"],
      ["ada__l", "no two of _ - . in a row"],
      ["ada.-l", "no two of _ - . in a row"],
      ["ada_", "must not end with _ - or ."],
      ["ada.", "must not end with _ - or ."],
    ];
    for (const [input, message] of cases) assert.deepEqual(messages(input), [message], input);
    assert.equal(Username.safeParse(42).success, false);
  });

  it("[UN3] NFKC folds full-width and compatibility forms to ASCII", () => {
    assert.equal(normalizeUsername("ＡＤＡ＿１"), "ADA_1");
    assert.equal(Username.parse("ＡＤＡ"), "ADA");
    assert.equal(Username.parse("\u212Aelvin"), "Kelvin", "Kelvin sign becomes K");
    assert.equal(usernameKey("ＡＤＡ"), usernameKey("ada"));
  });

  it("[UN4] bidi, zero-width and control characters are refused, not stripped", () => {
    for (const hidden of ["\u202E", "\u2066", "\u200B", "\u200D", "\u2060", "\u0000", "\u00AD"]) {
      assert.equal(Username.safeParse(`ad${hidden}min`).success, false, JSON.stringify(hidden));
      assert.equal(Username.safeParse(`ada${hidden}`).success, false, JSON.stringify(hidden));
    }
  });

  it("[UN5] look-alike names share one key", () => {
    const groups = [
      ["ada_l", "ada-l", "adal", "ADA.L", "ada1", "adaI", "adai", "ada|"],
      ["bob0", "BOBO", "b.o.b.o"],
      ["modern", "rnodern", "mode.rn", "rnodem"],
      ["wave", "vvave", "VVave", "v.vave"],
      ["sam5", "sams", "5ams", "SAM_S"],
      ["lily", "1i1y", "IiIy", "l-i-l-y"],
    ];
    for (const group of groups) {
      const keys = new Set(group.map(usernameKey));
      assert.equal(keys.size, 1, `${group.join(", ")} -> ${[...keys].join(", ")}`);
    }
    assert.notEqual(usernameKey("ada"), usernameKey("adam"));
    assert.notEqual(usernameKey("rob"), usernameKey("mob"), "only the pair rn reads as m");
  });

  it("[UN6] reserved names are refused through any look-alike", () => {
    for (const name of ["admin", "Adm1n", "ADMIN", "adm_in", "n.e.o.space", "Ne0Space", "r00t", "m0d", "5taff", "SUPP0RT", "moderat0r", "everyone", "nu11"]) {
      assert.equal(isReservedUsername(name), true, name);
      assert.deepEqual(messages(name, NewUsername), ["this name is reserved"], name);
    }
    assert.equal(Username.parse("Adm1n"), "Adm1n", "Username alone checks format only, so existing staff can sign in");
    assert.equal(isReservedUsername("adminton"), false);
    assert.equal(NewUsername.parse("ada_lovelace"), "ada_lovelace");
    assert.ok(RESERVED_USERNAMES.has(usernameKey("administrator")));
  });

  it("[UN7] usernameKey is idempotent on any string", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => usernameKey(usernameKey(s)) === usernameKey(s)));
    const tricky = fc.array(fc.constantFrom("r", "n", "v", "i", "I", "0", "1", "5", "|", ".", "_", "-", "\u0301", "o"), { maxLength: 12 });
    fc.assert(fc.property(tricky, (parts) => {
      const s = parts.join("");
      return usernameKey(usernameKey(s)) === usernameKey(s);
    }));
  });

  it("[UN8] every valid username has a non-empty key and parses to itself", () => {
    fc.assert(
      fc.property(validUsername, (name) => {
        assert.equal(Username.parse(name), name);
        assert.ok(usernameKey(name).length > 0);
      }),
    );
  });
});
