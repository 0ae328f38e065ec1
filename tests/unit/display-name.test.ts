import assert from "node:assert/strict";
import fc from "fast-check";
import { displayNameProblem, lookalikeKey, NewDisplayName } from "../../schema/rules/display-name.ts";
import { usernameKey, usernameProblem } from "../../schema/rules/username.ts";

const validUsername = fc
  .stringMatching(/^[A-Za-z0-9]{1,8}(?:[._-][A-Za-z0-9]{1,8}){0,3}$/)
  .filter((s) => usernameProblem(s) === undefined);

describe("display name rules (issue 8 item 8)", () => {
  it("[DN1] reserved and staff-sounding names are refused, also in look-alike scripts and camelCase", () => {
    for (const name of ["admin", "Admin", "Аdmin", "ADM1N", "NeoSpace Staff", "NeoSpaceStaff", "neo space", "Mod Bob", "Official", "The Moderator", "ΝeoSpace", "Ｓｔａｆｆ"]) {
      assert.notEqual(displayNameProblem(name), undefined, name);
      assert.equal(NewDisplayName.safeParse(name).success, false, name);
    }
  });

  it("[DN2] ordinary names stay allowed, in any script", () => {
    for (const name of ["Ada Lovelace", "Badminton fan", "Модный кот", "José", "李小龍", "Model Citizen", "Staffordshire", "rooted"]) {
      assert.equal(displayNameProblem(name), undefined, name);
      assert.equal(NewDisplayName.safeParse(name).success, true, name);
    }
  });

  it("[DN3] the look-alike key of a display name meets the username key of the account it imitates", () => {
    assert.equal(lookalikeKey("Ann Smith"), usernameKey("ann_smith"));
    assert.equal(lookalikeKey("аnn_smіth"), usernameKey("ann_smith"), "Cyrillic а and і");
    assert.equal(lookalikeKey("ΑΝΝ SMΙΤΗ"), usernameKey("ann_smith"), "Greek capitals");
    assert.equal(lookalikeKey("Ànn Smíth"), usernameKey("ann_smith"), "marks dropped");
    assert.notEqual(lookalikeKey("Ann Smyth"), usernameKey("ann_smith"));
  });

  it("[DN4] for every valid username the look-alike key is the username key (so one's own username is always a fine display name)", () => {
    fc.assert(fc.property(validUsername, (u) => lookalikeKey(u) === usernameKey(u)), { numRuns: 500 });
  });
});
