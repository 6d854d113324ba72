import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type ResponseConfig,
} from "@asteasolutions/zod-to-openapi";
import {
  endpoints,
  midjourneyActionRequest,
  midjourneyGenerateRequest,
  outcomeCatalogue,
  sunoActionRequest,
  sunoGenerateRequest,
} from "@reprise/core";
import { z } from "zod";
import { listJobsQuery } from "../features/jobs/list-query.js";
import {
  acceptedResponse,
  deliveryListResponse,
  errorResponse,
  insufficientCreditsResponse,
  jobListResponse,
  jobResponse,
  meResponse,
  modelsResponse,
  redeliveryResponse,
  webhookSecretResponse,
} from "./schemas.js";

const json = (description: string, schema: z.ZodType): ResponseConfig => ({
  description,
  content: { "application/json": { schema } },
});

/** The error answers an endpoint can give, from the one table of codes. */
function errors(statuses: number[]): Record<number, ResponseConfig> {
  const answers: Record<number, ResponseConfig> = {};
  for (const status of statuses) {
    const codes = Object.entries(outcomeCatalogue)
      .filter(([, entry]) => entry.status === status)
      .map(([code]) => code);
    const schema = status === 402 ? insufficientCreditsResponse : errorResponse;
    answers[status] = json(codes.join(", "), schema);
  }
  return answers;
}

const SUBMISSION_ERRORS = [400, 401, 402, 403, 404, 409, 413, 429, 503];

const submissions = [
  { path: endpoints.imagesGenerate, body: midjourneyGenerateRequest, summary: "Generate images" },
  { path: endpoints.musicGenerate, body: sunoGenerateRequest, summary: "Generate music" },
  {
    path: endpoints.midjourneyAction,
    body: midjourneyActionRequest,
    summary: "Act on a Midjourney job",
  },
  { path: endpoints.sunoAction, body: sunoActionRequest, summary: "Act on a Suno job" },
];

/** The OpenAPI 3.1 document, built from the same zod schemas the API validates with. */
export function buildOpenApiDocument() {
  const registry = new OpenAPIRegistry();
  const apiKey = registry.registerComponent("securitySchemes", "ApiKeyAuth", {
    type: "apiKey",
    in: "header",
    name: "X-API-Key",
  });
  const security = [{ [apiKey.name]: [] }];
  const idempotencyKey = z.string().min(1).max(255).optional();

  for (const submission of submissions) {
    registry.registerPath({
      method: "post",
      path: submission.path,
      summary: submission.summary,
      security,
      request: {
        headers: z.object({ "Idempotency-Key": idempotencyKey }),
        body: { content: { "application/json": { schema: submission.body } } },
      },
      responses: { 202: json("Accepted", acceptedResponse), ...errors(SUBMISSION_ERRORS) },
    });
  }

  registry.registerPath({
    method: "get",
    path: "/v2/jobs/{id}",
    summary: "Read a job",
    security,
    request: { params: z.object({ id: z.uuid() }) },
    responses: { 200: json("The job", jobResponse), ...errors([400, 401, 403, 404, 429, 503]) },
  });
  registry.registerPath({
    method: "get",
    path: "/v2/jobs",
    summary: "List jobs, newest first",
    security,
    request: {
      query: listJobsQuery.omit({ cursor: true }).extend({ cursor: z.string().optional() }),
    },
    responses: { 200: json("A page of jobs", jobListResponse), ...errors([400, 401, 403, 429]) },
  });
  registry.registerPath({
    method: "get",
    path: "/v2/jobs/{id}/deliveries",
    summary: "Every attempt at the job's webhooks, oldest first",
    security,
    request: { params: z.object({ id: z.uuid() }) },
    responses: {
      200: json("The attempts", deliveryListResponse),
      ...errors([400, 401, 403, 404, 429, 503]),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/v2/jobs/{id}/deliveries/retry",
    summary: "Send the job's last webhook event again",
    security,
    request: {
      params: z.object({ id: z.uuid() }),
      headers: z.object({ "Idempotency-Key": idempotencyKey }),
    },
    responses: {
      202: json("Owed again and queued", redeliveryResponse),
      ...errors([400, 401, 403, 404, 409, 429, 503]),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/v2/webhooks/secret",
    summary: "The team's webhook signing secret (admins and owners)",
    security,
    responses: {
      200: json("The secret", webhookSecretResponse),
      ...errors([401, 403, 429, 503]),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/v2/webhooks/secret/rotate",
    summary: "Rotate the team's webhook signing secret",
    security,
    request: { headers: z.object({ "Idempotency-Key": idempotencyKey }) },
    responses: {
      200: json("The secret", webhookSecretResponse),
      ...errors([400, 401, 403, 409, 429, 503]),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/v2/me",
    summary: "The caller, their team and key",
    security,
    responses: { 200: json("The caller", meResponse), ...errors([401, 403, 429]) },
  });
  registry.registerPath({
    method: "get",
    path: "/v2/models",
    summary: "The catalogue of models and follow-up actions (no key needed)",
    responses: { 200: json("The catalogue", modelsResponse) },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Reprise API",
      version: "2.0.0",
      description: "Asynchronous Midjourney and Suno jobs with follow-up actions.",
    },
    servers: [{ url: "/" }],
  });
}
