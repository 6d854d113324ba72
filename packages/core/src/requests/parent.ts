import { z } from "zod";

/** `parentJobId`: the id of the completed job a follow-up action derives from. */
export const parentJobId = z.uuid();
