import express, { Router } from "express";
import { z } from "zod";
import { parseScenario, type Scenario, ScenarioError } from "../scenario.js";
import type { SimulatorStats } from "../stats.js";

export interface AdminDeps {
  stats: () => SimulatorStats;
  reset: () => void;
  /** Replaces the knobs layered over the start options; "" clears them. */
  setScenario: (text: string, scenario: Scenario) => void;
  scenario: () => string;
}

const scenarioBody = z.object({ scenario: z.string().max(1000) });

/**
 * Test and benchmark controls under /__sim. Unauthenticated: the simulator is a test tool
 * and must not be reachable from outside the machine or cluster that runs the tests.
 */
export function adminRouter(deps: AdminDeps): Router {
  const router = Router();
  router.use(express.json());

  router.get("/health", (_req, res) => {
    res.json({ ok: true });
  });

  router.get("/stats", (_req, res) => {
    res.json(deps.stats());
  });

  router.post("/reset", (_req, res) => {
    deps.reset();
    res.status(204).end();
  });

  router.get("/scenario", (_req, res) => {
    res.json({ scenario: deps.scenario() });
  });

  router.put("/scenario", (req, res) => {
    const parsed = scenarioBody.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: "body must be {scenario}" });
    try {
      deps.setScenario(parsed.data.scenario, parseScenario(parsed.data.scenario));
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      return void res.status(400).json({ error: error.message });
    }
    res.json({ scenario: parsed.data.scenario });
  });

  return router;
}
