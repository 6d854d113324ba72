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
});
