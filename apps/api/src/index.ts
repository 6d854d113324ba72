export { type AppDeps, createApp } from "./app.js";
export { type ApiEnv, apiEnvSchema, readApiEnv } from "./env.js";
export { OutboxAcks } from "./features/submissions/outbox-acks.js";
