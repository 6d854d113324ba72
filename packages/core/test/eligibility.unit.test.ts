import { describe, expect, it } from "@jest/globals";
import {
  type ActionRequest,
  checkParentEligibility,
  type Eligibility,
  type FollowUpAction,
  type JobStatus,
  midjourneyActionRequest,
  sunoActionRequest,
} from "../src/index.js";
import {
  type CallerName,
  callers,
  firstTrack,
  type ParentKindName,
  parentJob,
  parentKinds,
  secondTrack,
  validActionBodies,
} from "./fixtures.js";

// The oracle below is API.md written out by hand, independent of the code under test: what
// each action acts on, what it costs, who sees a job, and the order the checks run in.

/**
 * API.md's "Acts on" column, by parent job. Upsample acts on "a 4-image grid (generation or
 * variation)"; variation on "a 4-image grid", which Apiframe narrows the same way (reference
 * §11.1), so neither acts on the grids of inpaint, outpaint and pan.
 */
const accepts: Record<FollowUpAction, readonly ParentKindName[]> = {
  upsample: ["a Midjourney generation", "a variation"],
  variation: ["a Midjourney generation", "a variation"],
  inpaint: ["an upsample"],
  outpaint: ["an upsample"],
  pan: ["an upsample"],
  extend: ["a Suno generation", "an extend", "a cover", "an add_vocals"],
  cover: ["a Suno generation", "an extend", "a cover", "an add_vocals"],
  add_vocals: ["a Suno generation", "an extend", "a cover", "an add_vocals"],
  stems: ["a Suno generation", "an extend", "a cover", "an add_vocals"],
};

/** API.md's "Credits" column. */
const costs: Record<FollowUpAction, number> = {
  upsample: 4,
  variation: 16,
  inpaint: 16,
  outpaint: 16,
  pan: 16,
  extend: 11,
  cover: 11,
  add_vocals: 11,
  stems: 11,
};

/** Own jobs, and an admin's or owner's whole team; nothing across teams. */
const sees: Record<CallerName, boolean> = {
  "the job's owner": true,
  "a teammate who is a MEMBER": false,
  "a teammate who is an ADMIN": true,
  "a teammate who is the OWNER": true,
  "another team's ADMIN": false,
  "another team's OWNER": false,
};

const statuses: readonly JobStatus[] = ["QUEUED", "PROCESSING", "FAILED", "COMPLETED"];
const actions = Object.keys(accepts) as FollowUpAction[];
const parentNames = Object.keys(parentKinds) as ParentKindName[];
const callerNames = Object.keys(callers) as CallerName[];

interface Situation {
  action: FollowUpAction;
  parent: ParentKindName;
  status: JobStatus;
  caller: CallerName;
  supportsActions: boolean;
}

function expectedVerdict({ action, parent, status, caller, supportsActions }: Situation) {
  if (!sees[caller]) return "rejects with 404 job_not_found";
  if (status !== "COMPLETED") return "rejects with 409 parent_not_completed";
  const actionable = supportsActions && parent !== "a stems job";
  if (!actionable) return "rejects with 409 parent_not_actionable";
  if (!accepts[action].includes(parent)) return "rejects with 400 parent_kind_mismatch";
  return `accepts and charges ${costs[action]} credits`;
}

function verdictOf(eligibility: Eligibility): string {
  if (eligibility.ok) return `accepts and charges ${eligibility.cost} credits`;
  return `rejects with ${eligibility.outcome.status} ${eligibility.outcome.code}`;
}

function requestFor(action: FollowUpAction, overrides: object = {}): ActionRequest {
  const body = { ...validActionBodies[action], ...overrides };
  const isMidjourney = ["upsample", "variation", "inpaint", "outpaint", "pan"].includes(action);
  return isMidjourney ? midjourneyActionRequest.parse(body) : sunoActionRequest.parse(body);
}

function check(situation: Situation): Eligibility {
  const parent = parentJob(situation.parent, {
    status: situation.status,
    supportsActions: situation.supportsActions,
  });
  return checkParentEligibility(callers[situation.caller], parent, requestFor(situation.action));
}

describe.each(actions)("%s", (action) => {
  describe.each(parentNames)("when the parent is %s", (parent) => {
    describe.each(statuses)("and it is %s", (status) => {
      for (const caller of callerNames) {
        const situation = { action, parent, status, caller, supportsActions: true };
        const verdict = expectedVerdict(situation);
        it(`${verdict} for ${caller}`, () => {
          expect(verdictOf(check(situation))).toBe(verdict);
        });
      }
    });

    describe("and it predates follow-up actions", () => {
      for (const status of statuses) {
        for (const caller of callerNames) {
          const situation = { action, parent, status, caller, supportsActions: false };
          const verdict = expectedVerdict(situation);
          it(`${verdict} when ${status}, for ${caller}`, () => {
            expect(verdictOf(check(situation))).toBe(verdict);
          });
        }
      }
    });
  });
});

describe("every action", () => {
  const owner = callers["the job's owner"];

  describe.each(actions)("%s", (action) => {
    it("rejects with 404 job_not_found when there is no parent", () => {
      const eligibility = checkParentEligibility(owner, null, requestFor(action));
      expect(verdictOf(eligibility)).toBe("rejects with 404 job_not_found");
    });

    it("answers an invisible parent exactly as a missing one", () => {
      const parent = parentJob(accepts[action][0] as ParentKindName);
      const missing = checkParentEligibility(owner, null, requestFor(action));
      const hidden = checkParentEligibility(
        callers["another team's ADMIN"],
        parent,
        requestFor(action),
      );
      expect(hidden).toEqual(missing);
    });

    it("rejects with 404 job_not_found when handed a job other than the one named", () => {
      const parent = parentJob(accepts[action][0] as ParentKindName, { id: "someone-else" });
      const eligibility = checkParentEligibility(owner, parent, requestFor(action));
      expect(verdictOf(eligibility)).toBe("rejects with 404 job_not_found");
    });

    it("rejects with 400 parent_kind_mismatch when the parent is a job no action knows", () => {
      const parent = { ...parentJob("an upsample"), model: "udio", action: "generate" };
      const eligibility = checkParentEligibility(owner, parent, requestFor(action));
      expect(verdictOf(eligibility)).toBe("rejects with 400 parent_kind_mismatch");
    });
  });
});

describe("the parent_kind_mismatch sentence", () => {
  it("names what the action acts on and what the parent is", () => {
    const owner = callers["the job's owner"];
    const eligibility = checkParentEligibility(
      owner,
      parentJob("an upsample"),
      requestFor("upsample"),
    );
    expect(eligibility).toEqual({
      ok: false,
      outcome: {
        status: 400,
        code: "parent_kind_mismatch",
        message:
          "upsample acts on the grid of a generation or a variation, but the parent job is " +
          "an upsampled image",
      },
    });
  });
});

describe.each(["extend", "cover", "add_vocals", "stems"] as const)("%s", (action) => {
  const owner = callers["the job's owner"];
  const songParent = parentJob("a Suno generation");

  describe("when the track is chosen by index", () => {
    it.each([
      [1, firstTrack],
      [2, secondTrack],
    ])("returns track %i of the parent", (index, track) => {
      const eligibility = checkParentEligibility(owner, songParent, requestFor(action, { index }));
      expect(eligibility).toEqual({ ok: true, cost: 11, track });
    });
  });

  describe("when the track is chosen by a trackId the parent has", () => {
    it("returns that track", () => {
      const request = requestFor(action, { index: undefined, trackId: secondTrack.id });
      const eligibility = checkParentEligibility(owner, songParent, request);
      expect(eligibility).toEqual({ ok: true, cost: 11, track: secondTrack });
    });
  });

  describe("when the trackId is not one of the parent's tracks", () => {
    it("rejects with 400 validation_error on trackId", () => {
      const request = requestFor(action, { index: undefined, trackId: "not-a-track" });
      const eligibility = checkParentEligibility(owner, songParent, request);
      expect(eligibility).toEqual({
        ok: false,
        outcome: {
          status: 400,
          code: "validation_error",
          message: "Validation error",
          details: { trackId: ["the parent job has no track with this id"] },
        },
      });
    });
  });

  describe("when the parent's stored result is not a song", () => {
    it("rejects with 409 parent_not_actionable", () => {
      const broken = parentJob("a Suno generation", { result: { tracks: [firstTrack] } });
      const eligibility = checkParentEligibility(owner, broken, requestFor(action));
      expect(verdictOf(eligibility)).toBe("rejects with 409 parent_not_actionable");
    });
  });

  describe("when the parent is stems and the trackId is one of its stems", () => {
    it("rejects with 409 parent_not_actionable", () => {
      const request = requestFor(action, { index: undefined, trackId: "vocals" });
      const eligibility = checkParentEligibility(owner, parentJob("a stems job"), request);
      expect(verdictOf(eligibility)).toBe("rejects with 409 parent_not_actionable");
    });
  });
});

describe("extend", () => {
  const owner = callers["the job's owner"];
  const songParent = parentJob("an extend");
  const extend = (fields: object) =>
    checkParentEligibility(owner, songParent, requestFor("extend", fields));

  describe("when continueAt is below the track's duration", () => {
    it("accepts and returns the track", () => {
      expect(extend({ continueAt: 184.1 })).toEqual({ ok: true, cost: 11, track: firstTrack });
    });
  });

  describe("when continueAt is absent", () => {
    it("accepts, continuing from the track's end", () => {
      expect(extend({})).toEqual({ ok: true, cost: 11, track: firstTrack });
    });
  });

  describe.each([
    ["equal to", 184.2],
    ["above", 200],
  ])("when continueAt is %s the track's duration", (_, continueAt) => {
    it("rejects with 409 continue_at_out_of_range", () => {
      const message = "continueAt must be below the track's duration (184.2 seconds)";
      expect(extend({ continueAt })).toEqual({
        ok: false,
        outcome: {
          status: 409,
          code: "continue_at_out_of_range",
          message,
          details: { continueAt: [message] },
        },
      });
    });
  });

  describe("when continueAt fits the first track but not the chosen second one", () => {
    it("rejects with 409 continue_at_out_of_range", () => {
      expect(verdictOf(extend({ index: 2, continueAt: 150 }))).toBe(
        "rejects with 409 continue_at_out_of_range",
      );
    });
  });

  describe("when the track is chosen by trackId and continueAt is below its duration", () => {
    it("accepts", () => {
      const eligibility = extend({ index: undefined, trackId: secondTrack.id, continueAt: 120 });
      expect(eligibility).toEqual({ ok: true, cost: 11, track: secondTrack });
    });
  });

  describe("when the parent is not visible and continueAt is out of range", () => {
    it("rejects with 404 job_not_found first", () => {
      const request = requestFor("extend", { continueAt: 999 });
      const eligibility = checkParentEligibility(
        callers["another team's OWNER"],
        songParent,
        request,
      );
      expect(verdictOf(eligibility)).toBe("rejects with 404 job_not_found");
    });
  });
});

describe("a Midjourney action", () => {
  it("returns no track", () => {
    const eligibility = checkParentEligibility(
      callers["the job's owner"],
      parentJob("a variation"),
      requestFor("upsample"),
    );
    expect(eligibility).toEqual({ ok: true, cost: 4 });
  });
});
