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
import { type Knobs, ScenarioError } from "../scenario.js";
import { firstIssue, isBadJson } from "../validation.js";
import * as answers from "./answers.js";
import { actionBody, imagineBody, listBody, modalBody } from "./schemas.js";
import type { MjService } from "./service.js";
import type { MjAnswer, MjTask } from "./types.js";
import { viewTask } from "./view.js";

export interface MjRouterDeps {
  ctx: RouteContext;
  service: MjService;
  tasks: ReadonlyMap<string, MjTask>;
  /** `mj-api-secret` every request must carry; none when unset. */
  secret: string | undefined;
}

/** midjourney-proxy's HTTP surface, mounted under /mj. */
export function mjRouter({ ctx, service, tasks, secret }: MjRouterDeps): Router {
  const router = Router();
  router.use(requireSecret(ctx, secret));
  router.use(express.json({ limit: "25mb" }));

  const submit = <S extends z.ZodType>(
    schema: S,
    run: (input: z.output<S>, knobs: Knobs, req: Request) => MjAnswer,
  ): RequestHandler => {
    return (req, res) => {
      const knobs = submissionKnobs(ctx, req, textFields(req.body, ["prompt"]));
      const fault = applyRequestFault(knobs, res, ctx.hung, httpErrorBody);
      if (fault) return ctx.stats.refused("mj", fault);

      const parsed = schema.safeParse(req.body);
      send(ctx, res, parsed.success ? run(parsed.data, knobs, req) : invalid(parsed.error));
    };
  };

  router.post(
    "/submit/imagine",
    submit(imagineBody, (input, knobs, req) =>
      service.imagine(input, knobs, mediaBaseOf(ctx, req)),
    ),
  );
  router.post(
    "/submit/action",
    submit(actionBody, (input, knobs, req) => service.action(input, knobs, mediaBaseOf(ctx, req))),
  );
  router.post(
    "/submit/modal",
    submit(modalBody, (input, knobs) => service.modal(input, knobs)),
  );

  router.get("/task/:id/fetch", (req, res) => {
    if (pollFault(ctx, req, res)) return;
    const task = tasks.get(String(req.params.id));
    // The proxy answers an unknown id with an empty 200, not a 404.
    if (!task) return void res.status(200).end();
    res.json(viewTask(task, ctx.now()));
  });

  router.post("/task/list-by-condition", (req, res) => {
    if (pollFault(ctx, req, res)) return;
    const parsed = listBody.safeParse(req.body);
    if (!parsed.success) return send(ctx, res, invalid(parsed.error));

    const now = ctx.now();
    const found = parsed.data.ids.flatMap((id) => {
      const task = tasks.get(id);
      return task ? [viewTask(task, now)] : [];
    });
    res.json(found);
  });

  router.use(errorHandler(ctx));
  return router;
}

function requireSecret(ctx: RouteContext, secret: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (secret === undefined || sameSecret(req.get("mj-api-secret"), secret)) return next();
    ctx.stats.refused("mj", "unauthorized");
    res.status(401).json({ description: "mj-api-secret is missing or wrong" });
  };
}

/** Counts a poll, or acts out the transport fault its header asks for. True when answered. */
function pollFault(ctx: RouteContext, req: Request, res: Response): boolean {
  const fault = applyRequestFault(pollKnobs(req), res, ctx.hung, httpErrorBody);
  if (fault) {
    ctx.stats.refused("mj", fault);
    return true;
  }
  ctx.stats.polled("mj");
  return false;
}

function send(ctx: RouteContext, res: Response, answer: MjAnswer): void {
  const refusal = answers.refusalOf(answer.body.code);
  if (refusal) {
    ctx.stats.refused("mj", refusal);
    const { code } = answer.body;
    ctx.logger.info("request refused", { protocol: "mj", reason: refusal, code });
  }
  res.status(answer.httpStatus).json(answer.body);
}

function invalid(error: z.ZodError): MjAnswer {
  return answers.invalid(`Invalid parameters: ${firstIssue(error)}`);
}

function httpErrorBody(status: number) {
  return { error: "simulated upstream error", status };
}

function errorHandler(ctx: RouteContext) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (error instanceof ScenarioError) return send(ctx, res, answers.invalid(error.message));
    if (isBadJson(error)) {
      return send(ctx, res, {
        ...answers.invalid("Request body is not valid JSON"),
        httpStatus: 400,
      });
    }
    ctx.logger.warn("request failed", { protocol: "mj", error: String(error) });
    res.status(500).json({ error: "internal simulator error" });
  };
}
