import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Queue } from "bullmq";
import { Router } from "express";
import basicAuth from "express-basic-auth";

export const BULL_BOARD_PATH = "/admin/queues";

/**
 * Bull Board, for operators to inspect and retry queue jobs, behind HTTP basic auth. Postgres
 * stays the truth about jobs: the board shows the delivery channel, not the job records.
 */
export function bullBoardRoutes(queues: Queue[], user: string, password: string): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
  });

  const guarded = basicAuth({ users: { [user]: password }, challenge: true });
  return Router().use(BULL_BOARD_PATH, guarded, serverAdapter.getRouter());
}
