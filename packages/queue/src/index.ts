export { createRedis, findEvictionRisk, type RedisRole } from "./connection.js";
export { type RunJobPayload, runJobId, runJobPayload, runQueueName } from "./queues.js";
export {
  closeRunQueues,
  createRunQueues,
  enqueueRun,
  type RunQueues,
  retryDelay,
  runJobOptions,
} from "./run-queues.js";
