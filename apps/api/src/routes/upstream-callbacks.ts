import { Router } from "express";

/**
 * sunoapi requires a `callBackUrl` on every task and posts to it, unsigned and sometimes more
 * than once. The worker polls instead, so this only acknowledges the callback: nothing in its
 * body is read, trusted or stored.
 */
export function upstreamCallbackRoutes(): Router {
  const router = Router();
  router.post("/v2/upstream/suno/callback", (_req, res) => {
    res.status(204).end();
  });
  return router;
}
