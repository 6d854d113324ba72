export { createTestSchema, dropSchema, TEST_DATABASE_URL, type TestSchema } from "./database.js";
export { createTestQueuePrefix, TEST_REDIS_URL, type TestQueuePrefix } from "./queue.js";
export {
  type CallerOptions,
  insertJob,
  type JobFixture,
  type SeededCaller,
  sampleResult,
  seedCaller,
} from "./seed.js";
