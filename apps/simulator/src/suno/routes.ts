import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  Router,
} from "express";
import type { z } from "zod";
import {
  mediaBaseOf,
  pollKnobs,
  type RouteContext,
  sameSecret,
  submissionKnobs,
  textFields,
} from "../context.js";
import { applyRequestFault } from "../faults.js";
import { ScenarioError } from "../scenario.js";
import { firstIssue, isBadJson } from "../validation.js";
import { fail, refusalOf } from "./envelope.js";
import {
  addVocalsBody,
  extendBody,
  generateBody,
  recordQuery,
  stemsBody,
  uploadCoverBody,
} from "./schemas.js";
import type { SunoCall, SunoService } from "./service.js";
import { SunoCode, type SunoEnvelope } from "./types.js";

export interface SunoRouterDeps {
  ctx: RouteContext;
  service: SunoService;
  /** Bearer key every request must carry; none when unset. */
  apiKey: string | undefined;
}

/** Text fields where `[sim:...]` markers may ride along. */
const MARKER_FIELDS = ["prompt", "style", "title"] as const;

/** sunoapi.org's HTTP surface, mounted under /api/v1. Every answer is HTTP 200 + envelope. */
export function sunoRouter({ ctx, service, apiKey }: SunoRouterDeps): Router {
  const router = Router();
  router.use(requireKey(ctx, apiKey));
  router.use(express.json({ limit: "1mb" }));

  const submit = <S extends z.ZodType>(
    schema: S,
    run: (input: z.output<S>, call: SunoCall) => SunoEnvelope,
  ): RequestHandler => {
    return (req, res) => {
      const knobs = submissionKnobs(ctx, req, textFields(req.body, MARKER_FIELDS));
      const fault = applyRequestFault(knobs, res, ctx.hung, httpErrorBody);
      if (fault) return ctx.stats.refused("suno", fault);

      const parsed = schema.safeParse(req.body);
      if (!parsed.success) return send(ctx, res, fail(SunoCode.invalid, firstIssue(parsed.error)));
      const call = { knobs, mediaBase: mediaBaseOf(ctx, req), apiKey: bearerOf(req) };
      send(ctx, res, run(parsed.data, call));
    };
  };

  const poll = (read: (taskId: string) => SunoEnvelope): RequestHandler => {
    return (req, res) => {
      const fault = applyRequestFault(pollKnobs(req), res, ctx.hung, httpErrorBody);
      if (fault) return ctx.stats.refused("suno", fault);

      ctx.stats.polled("suno");
      const parsed = recordQuery.safeParse(req.query);
      send(
        ctx,
        res,
        parsed.success
          ? read(parsed.data.taskId)
          : fail(SunoCode.invalid, firstIssue(parsed.error)),
      );
    };
  };

  router.post(
    "/generate",
    submit(generateBody, (input, call) => service.generate(input, call)),
  );
  router.post(
    "/generate/extend",
    submit(extendBody, (input, call) => service.extend(input, call)),
  );
  router.post(
    "/generate/upload-cover",
    submit(uploadCoverBody, (input, call) => service.cover(input, call)),
  );
  router.post(
    "/generate/add-vocals",
    submit(addVocalsBody, (input, call) => service.addVocals(input, call)),
  );
  router.post(
    "/vocal-removal/generate",
    submit(stemsBody, (input, call) => service.stems(input, call)),
  );
  router.get(
    "/generate/record-info",
    poll((taskId) => service.songRecord(taskId)),
  );
  router.get(
    "/vocal-removal/record-info",
    poll((taskId) => service.stemsRecord(taskId)),
  );

  router.use((_req, res) => {
    send(ctx, res, fail(SunoCode.notFound, "Invalid request method or path"));
  });
  router.use(errorHandler(ctx));
  return router;
}

function requireKey(ctx: RouteContext, apiKey: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (apiKey === undefined || sameSecret(bearerOf(req), apiKey)) return next();
    send(ctx, res, fail(SunoCode.unauthorized, "Unauthorized access"));
  };
}

function bearerOf(req: Request): string {
  const header = req.get("authorization") ?? "";
  return header.startsWith("Bearer ") ? header.slice("Bearer ".length) : "";
}

function send(ctx: RouteContext, res: Response, envelope: SunoEnvelope): void {
  const refusal = refusalOf(envelope.code);
  if (refusal) {
    ctx.stats.refused("suno", refusal);
    ctx.logger.info("request refused", { protocol: "suno", reason: refusal, code: envelope.code });
  }
  res.status(200).json(envelope);
}

/** An HTTP error from in front of the upstream still looks like the envelope. */
function httpErrorBody(status: number) {
  return { code: status, msg: "simulated upstream error", data: null };
}

function errorHandler(ctx: RouteContext) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (error instanceof ScenarioError)
      return send(ctx, res, fail(SunoCode.invalid, error.message));
    if (isBadJson(error))
      return send(ctx, res, fail(SunoCode.invalid, "Request body is not valid JSON"));

    ctx.logger.warn("request failed", { protocol: "suno", error: String(error) });
    send(ctx, res, fail(SunoCode.serverError, "Server error"));
  };
}
