import { jobStatuses, modelIds, webhookEvents } from "@reprise/core";
import { z } from "zod";

// Response shapes, for the OpenAPI document. The request shapes are the core package's own
// schemas, so the document and the validation can never disagree.

export const acceptedResponse = z.object({
  jobId: z.uuid(),
  status: z.enum(jobStatuses).describe("QUEUED, or the job's current status on a replay"),
});

export const errorResponse = z.object({
  error: z.string().describe("A human sentence"),
  code: z.string().describe("Stable snake_case code"),
  details: z.record(z.string(), z.array(z.string())).optional(),
});

export const insufficientCreditsResponse = errorResponse.extend({
  creditsRequired: z.int(),
  creditsAvailable: z.int(),
});

export const jobResponse = z.object({
  id: z.uuid(),
  status: z.enum(jobStatuses),
  model: z.enum(modelIds),
  action: z.string().describe("generate, or the follow-up action"),
  parentJobId: z.uuid().nullable(),
  progress: z.int().min(0).max(100),
  result: z.unknown().nullable().describe("grid, image, tracks or stems, once COMPLETED"),
  error: z.string().nullable(),
  creditCost: z.int().describe("The charge, or 0 once refunded"),
  webhookStatus: z.enum(["pending", "delivered", "failed"]).nullable(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  completedAt: z.iso.datetime().nullable(),
  input: z.unknown().describe("The request, minus the inpaint mask"),
});

export const jobListResponse = z.object({
  jobs: z.array(jobResponse),
  nextCursor: z.string().nullable(),
  hasMore: z.boolean(),
  models: z.array(z.string()).optional(),
});

export const meResponse = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), role: z.enum(["OWNER", "ADMIN", "MEMBER"]) }),
  team: z.object({ id: z.uuid(), name: z.string(), credits: z.int(), maxConcurrentJobs: z.int() }),
  apiKey: z.object({ id: z.uuid(), name: z.string(), prefix: z.string() }),
});

export const modelsResponse = z.object({
  models: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      modality: z.string(),
      costMin: z.int(),
      costMax: z.int(),
      pricingMode: z.string(),
    }),
  ),
  actions: z.array(
    z.object({
      action: z.string(),
      model: z.string(),
      actsOn: z.array(z.string()),
      produces: z.string(),
      cost: z.int(),
    }),
  ),
});

export const webhookEventName = z.enum(webhookEvents);

export const webhookSecretResponse = z.object({
  secret: z.string().describe("Standard Webhooks signing secret, whsec_ + base64"),
  rotatedAt: z.iso.datetime().nullable(),
  previousSecretValidUntil: z.iso
    .datetime()
    .nullable()
    .describe("Until then, deliveries are also signed with the previous secret"),
});

export const deliveryListResponse = z.object({
  deliveries: z.array(
    z.object({
      id: z.uuid(),
      event: webhookEventName,
      webhookId: z.string().describe("The webhook-id header: the same on every attempt"),
      attempt: z.int(),
      createdAt: z.iso.datetime(),
      statusCode: z.int().nullable(),
      error: z.string().nullable(),
      durationMs: z.int().nullable().describe("null while in flight, or cut short by a crash"),
    }),
  ),
});

export const redeliveryResponse = z.object({
  jobId: z.uuid(),
  event: webhookEventName,
  webhookId: z.string(),
  scheduled: z.boolean().describe("false when the event was still being delivered"),
});
