import { z } from "zod";

/**
 * `parentJobId`: the id of the completed job a follow-up action derives from. Written in any
 * case, read in lower case, as PostgreSQL returns ids: the parent is matched by that string.
 */
export const parentJobId = z.uuid().overwrite((id) => id.toLowerCase());
