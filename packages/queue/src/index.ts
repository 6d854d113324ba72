export { createRedis, findEvictionRisk, type RedisRole } from "./connection.js";
export {
  createDeliveryQueue,
  type DeliveryQueue,
  deliveryJobOptions,
  enqueueDelivery,
} from "./delivery-queue.js";
export {
  type DeliveryPayload,
  deliveryJobId,
  deliveryPayload,
  deliveryQueueName,
  type RunJobPayload,
  runJobId,
  runJobPayload,
  runQueueName,
} from "./queues.js";
export {
  closeRunQueues,
  createRunQueues,
  enqueueRun,
  enqueueRuns,
  type RunQueues,
  type RunToEnqueue,
  retryDelay,
  runJobOptions,
} from "./run-queues.js";
