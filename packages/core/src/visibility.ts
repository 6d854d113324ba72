import { unreachable } from "./unreachable.js";

/** A user's role in their team. An owner has every right an admin has. */
export type TeamRole = "OWNER" | "ADMIN" | "MEMBER";

/** Who is asking: the user behind the API key, their team and their role in it. */
export interface Caller {
  readonly userId: string;
  readonly teamId: string;
  readonly role: TeamRole;
}

/** The part of a job that decides who may see it. */
export interface OwnedJob {
  readonly userId: string;
  readonly teamId: string;
}

/** Whether this role sees every job of its team (and so may list with `scope=team`). */
export function seesWholeTeam(role: TeamRole): boolean {
  switch (role) {
    case "OWNER":
    case "ADMIN":
      return true;
    case "MEMBER":
      return false;
    default:
      return unreachable(role);
  }
}

/**
 * Whether `caller` may see and act on `job`: their own job, or, for an admin or owner, any
 * job of their team. Every read and every follow-up uses this one rule, and the API answers
 * anything it refuses with the same 404 as a job that does not exist.
 */
export function canSee(caller: Caller, job: OwnedJob): boolean {
  if (job.userId === caller.userId) return true;
  return job.teamId === caller.teamId && seesWholeTeam(caller.role);
}
