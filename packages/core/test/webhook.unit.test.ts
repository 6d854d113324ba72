import { describe, expect, it } from "@jest/globals";
import {
  checkWebhookUrl,
  defaultWebhookEvents,
  followUps,
  generations,
  subscribedWebhookEvents,
} from "../src/index.js";
import { problemsOf, validActionBodies, validGenerateBodies } from "./fixtures.js";

// Every submission body takes the same webhook fields, so every schema is checked here.
const bodies = [
  ["midjourney generate", generations.midjourney.requestSchema, validGenerateBodies.midjourney],
  ["suno generate", generations.suno.requestSchema, validGenerateBodies.suno],
  ...Object.values(followUps).map(
    (entry) => [entry.action, entry.requestSchema, validActionBodies[entry.action]] as const,
  ),
] as const;

const webhookUrl = "https://hooks.example.com/reprise";

describe.each(bodies)("the %s body", (_, schema, body) => {
  it.each([
    ["accepts no webhook", {}, []],
    ["accepts a webhookUrl alone", { webhookUrl }, []],
    ["accepts a webhookUrl with events", { webhookUrl, webhookEvents: ["progress"] }, []],
    [
      "accepts all three events",
      { webhookUrl, webhookEvents: ["progress", "completed", "failed"] },
      [],
    ],
    [
      "rejects webhookEvents without a webhookUrl",
      { webhookEvents: ["completed"] },
      ["webhookEvents"],
    ],
    ["rejects an empty webhookEvents", { webhookUrl, webhookEvents: [] }, ["webhookEvents"]],
    [
      "rejects a repeated event",
      { webhookUrl, webhookEvents: ["failed", "failed"] },
      ["webhookEvents"],
    ],
    ["rejects an unknown event", { webhookUrl, webhookEvents: ["started"] }, ["webhookEvents.0"]],
    ["rejects a webhookUrl that is not text", { webhookUrl: 42 }, ["webhookUrl"]],
  ])("%s", (_, webhook, problems) => {
    expect(problemsOf(schema, { ...body, ...webhook })).toEqual(problems);
  });

  it("leaves the URL's syntax to checkWebhookUrl, so every bad URL gets the same code", () => {
    expect(problemsOf(schema, { ...body, webhookUrl: "not a url" })).toEqual([]);
  });
});

describe("checkWebhookUrl", () => {
  it("accepts an https URL", () => {
    const check = checkWebhookUrl(webhookUrl);
    expect(check.ok && check.url.hostname).toBe("hooks.example.com");
  });

  it.each([
    ["http://hooks.example.com/reprise", "webhookUrl must use https://"],
    ["ftp://hooks.example.com/reprise", "webhookUrl must use https://"],
    ["not a url", "webhookUrl is not a valid URL"],
    ["", "webhookUrl is not a valid URL"],
    [`https://example.com/${"a".repeat(2048)}`, "webhookUrl must be at most 2048 characters"],
  ])("rejects %s with 400 invalid_webhook_url", (url, message) => {
    expect(checkWebhookUrl(url)).toEqual({
      ok: false,
      outcome: { status: 400, code: "invalid_webhook_url", message },
    });
  });
});

describe("subscribedWebhookEvents", () => {
  it("subscribes nothing without a webhookUrl", () => {
    expect(subscribedWebhookEvents({})).toEqual([]);
  });

  it("defaults to completed and failed when only a webhookUrl is set", () => {
    expect(subscribedWebhookEvents({ webhookUrl })).toEqual(["completed", "failed"]);
    expect(defaultWebhookEvents).toEqual(["completed", "failed"]);
  });

  it("keeps the events the caller chose", () => {
    expect(subscribedWebhookEvents({ webhookUrl, webhookEvents: ["progress"] })).toEqual([
      "progress",
    ]);
  });
});
