import { describe, expect, it } from "@jest/globals";
import { canSee, seesWholeTeam } from "../src/index.js";
import { type CallerName, callers, ownerUserId, ownTeamId } from "./fixtures.js";

const job = { userId: ownerUserId, teamId: ownTeamId };

describe("canSee", () => {
  it.each([
    ["the job's owner", true],
    ["a teammate who is a MEMBER", false],
    ["a teammate who is an ADMIN", true],
    ["a teammate who is the OWNER", true],
    ["another team's ADMIN", false],
    ["another team's OWNER", false],
  ] satisfies Array<[CallerName, boolean]>)("for %s answers %s", (caller, expected) => {
    expect(canSee(callers[caller], job)).toBe(expected);
  });
});

describe("seesWholeTeam", () => {
  it.each([
    ["OWNER", true],
    ["ADMIN", true],
    ["MEMBER", false],
  ] as const)("for %s answers %s", (role, expected) => {
    expect(seesWholeTeam(role)).toBe(expected);
  });
});
