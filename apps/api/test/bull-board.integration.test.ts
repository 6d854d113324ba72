import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import request from "supertest";
import { startTestApi, type TestApi } from "./harness.js";

describe("Bull Board", () => {
  let withBoard: TestApi;
  let withoutBoard: TestApi;

  beforeAll(async () => {
    withBoard = await startTestApi("bull-board", { BULL_BOARD_PASSWORD: "correct-horse-battery" });
    withoutBoard = await startTestApi("bull-board-off");
  });

  afterAll(async () => {
    await withBoard.close();
    await withoutBoard.close();
  });

  it("asks for the operator's password", async () => {
    const response = await request(withBoard.app).get("/admin/queues");
    expect(response.status).toBe(401);
    expect(response.headers["www-authenticate"]).toMatch(/^Basic/);
  });

  it("shows the run queues and the delivery queue to the operator", async () => {
    const page = await request(withBoard.app)
      .get("/admin/queues/api/queues")
      .auth("operator", "correct-horse-battery");
    expect(page.status).toBe(200);
    const names = page.body.queues.map((queue: { name: string }) => queue.name).sort();
    expect(names).toEqual(["run-midjourney", "run-suno", "webhook-delivery"]);
  });

  it("is not served at all while no password is set", async () => {
    const response = await request(withoutBoard.app)
      .get("/admin/queues")
      .auth("operator", "anything-at-all");
    expect(response.status).toBe(404);
  });

  describe("the metrics", () => {
    it("ask for the operator's password", async () => {
      const response = await request(withBoard.app).get("/metrics");
      expect(response.status).toBe(401);
    });

    it("count each request by route pattern and status, in Prometheus's format", async () => {
      await request(withBoard.app).get("/v2/models");
      await request(withBoard.app).get(`/v2/jobs/${"0".repeat(8)}`);
      await request(withBoard.app).get("/no/such/path/1");
      await request(withBoard.app).get("/no/such/path/2");

      const response = await request(withBoard.app)
        .get("/metrics")
        .auth("operator", "correct-horse-battery");

      expect(response.status).toBe(200);
      expect(response.headers["content-type"]).toMatch(/^text\/plain/);
      const lines = response.text.split("\n");
      const requests = (route: string, status: number, count: number) =>
        `reprise_http_request_duration_seconds_count{method="GET",route="${route}",` +
        `status="${status}"} ${count}`;
      expect(lines).toContain(requests("/v2/models", 200, 1));
      expect(lines).toContain(requests("/v2/jobs/:id", 401, 1));
      // Paths no route knows share one series.
      expect(lines).toContain(requests("unmatched", 404, 2));
      expect(response.text).toMatch(/^process_cpu_user_seconds_total \d/m);
      expect(response.text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    });

    it("are not served while no operator password is set", async () => {
      const response = await request(withoutBoard.app)
        .get("/metrics")
        .auth("operator", "anything-at-all");
      expect(response.status).toBe(404);
    });
  });
});
