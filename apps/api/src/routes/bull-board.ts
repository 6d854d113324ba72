import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Queue } from "bullmq";
import { type RequestHandler, Router } from "express";
import basicAuth from "express-basic-auth";

export const BULL_BOARD_PATH = "/admin/queues";

/** HTTP basic auth with the operator's credentials, for Bull Board and the metrics. */
export function operatorAuth(user: string, password: string): RequestHandler {
  return basicAuth({ users: { [user]: password }, challenge: true });
}

/**
 * Bull Board, for operators to inspect and retry queue jobs, behind `operatorOnly`. Postgres
 * stays the truth about jobs: the board shows the delivery channel, not the job records.
 */
export function bullBoardRoutes(queues: Queue[], operatorOnly: RequestHandler): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
  });

  return Router().use(BULL_BOARD_PATH, operatorOnly, serverAdapter.getRouter());
}
