import { type FollowUpEntry, followUps } from "./actions.js";
import { type DomainOutcome, outcome } from "./errors.js";
import type { JobStatus } from "./job-state.js";
import type { MidjourneyActionRequest } from "./requests/midjourney.js";
import type { SunoActionRequest } from "./requests/suno.js";
import { type ResultKind, resultKindOf, type SongTrack, songResult } from "./result.js";
import { unreachable } from "./unreachable.js";
import { type Caller, canSee } from "./visibility.js";

/** A parsed body of either follow-up endpoint. */
export type ActionRequest = MidjourneyActionRequest | SunoActionRequest;

/**
 * The parent job as the API reads it. `model` and `action` are plain strings, as stored;
 * `result` is whatever was stored, checked here against the result schema when it matters.
 */
export interface ParentJob {
  readonly id: string;
  readonly userId: string;
  readonly teamId: string;
  readonly model: string;
  readonly action: string;
  readonly status: JobStatus;
  /** False for jobs recorded before follow-up actions existed, without upstream references. */
  readonly supportsActions: boolean;
  readonly result: unknown;
}

/**
 * The verdict on a follow-up: what to charge (and, for Suno, the chosen track of the parent),
 * or the failure to answer with.
 */
export type Eligibility =
  | { readonly ok: true; readonly cost: number; readonly track?: SongTrack }
  | { readonly ok: false; readonly outcome: DomainOutcome };

/**
 * Decides whether `caller` may run `request` on `parent`, before any credit moves. The checks
 * run in API.md's order and the first failure wins: the parent exists and is visible (else
 * 404, the same as a missing job), is COMPLETED (409), supports follow-ups and is not stems
 * (409), is the kind the action acts on (400), and the fields that depend on it fit it (400
 * for an unknown track, 409 for `continueAt` at or past the track's end).
 *
 * @param parent the job named by `request.parentJobId`, or null when there is none.
 */
export function checkParentEligibility(
  caller: Caller,
  parent: ParentJob | null,
  request: ActionRequest,
): Eligibility {
  // A parent that is not the one asked for is treated as missing rather than acted on.
  if (parent === null || parent.id !== request.parentJobId || !canSee(caller, parent)) {
    return reject(outcome("job_not_found"));
  }
  if (parent.status !== "COMPLETED") return reject(outcome("parent_not_completed"));

  const parentKind = resultKindOf(parent.model, parent.action);
  if (!parent.supportsActions || parentKind === "stems") {
    return reject(outcome("parent_not_actionable"));
  }

  const entry: FollowUpEntry = followUps[request.action];
  if (parentKind === undefined || !entry.actsOn.includes(parentKind)) {
    return reject(kindMismatch(request.action, entry.actsOn, parentKind));
  }

  if (isSunoRequest(request)) return checkTrack(parent.result, request, entry.cost);
  return { ok: true, cost: entry.cost };
}

function isSunoRequest(request: ActionRequest): request is SunoActionRequest {
  return followUps[request.action].model === "suno";
}

/** The Suno fields that depend on the parent: which track, and where to continue it. */
function checkTrack(result: unknown, request: SunoActionRequest, cost: number): Eligibility {
  // The worker stores only results that match resultSchemaOf, so this fails only for a row
  // changed by hand or stored before the schema: its tracks cannot be trusted to act on.
  const song = songResult.safeParse(result);
  if (!song.success) {
    return reject(outcome("parent_not_actionable", { message: "The parent job has no tracks" }));
  }

  const chosen = chooseTrack(song.data.tracks, request);
  if (!chosen.ok) return chosen;

  const { track } = chosen;
  if (request.action === "extend" && request.continueAt !== undefined) {
    if (request.continueAt >= track.duration) return reject(continueAtOutOfRange(track));
  }
  return { ok: true, cost, track };
}

function chooseTrack(
  tracks: readonly SongTrack[],
  request: SunoActionRequest,
): { ok: true; track: SongTrack } | { ok: false; outcome: DomainOutcome } {
  if (request.index !== undefined) {
    const track = tracks[request.index - 1];
    if (track !== undefined) return { ok: true, track };
    return reject(badField("index", `the parent job has no track ${request.index}`));
  }

  const track = tracks.find((candidate) => candidate.id === request.trackId);
  if (track !== undefined) return { ok: true, track };
  return reject(badField("trackId", "the parent job has no track with this id"));
}

function kindMismatch(
  action: ActionRequest["action"],
  actsOn: readonly ResultKind[],
  parentKind: ResultKind | undefined,
): DomainOutcome {
  const wanted = actsOn.map(describeKind).join(" or ");
  const found = parentKind === undefined ? "a job no action accepts" : describeKind(parentKind);
  return outcome("parent_kind_mismatch", {
    message: `${action} acts on ${wanted}, but the parent job is ${found}`,
  });
}

function continueAtOutOfRange(track: SongTrack): DomainOutcome {
  const message = `continueAt must be below the track's duration (${track.duration} seconds)`;
  return outcome("continue_at_out_of_range", { message, details: { continueAt: [message] } });
}

function badField(field: string, problem: string): DomainOutcome {
  return outcome("validation_error", { details: { [field]: [problem] } });
}

function describeKind(kind: ResultKind): string {
  switch (kind) {
    case "grid":
      return "the grid of a generation or a variation";
    case "edited_grid":
      return "the grid of an inpaint, outpaint or pan";
    case "image":
      return "an upsampled image";
    case "song":
      return "a song";
    case "stems":
      return "a stems result";
    default:
      return unreachable(kind);
  }
}

function reject(failure: DomainOutcome): { ok: false; outcome: DomainOutcome } {
  return { ok: false, outcome: failure };
}
