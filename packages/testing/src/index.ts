export { createTestSchema, dropSchema, TEST_DATABASE_URL, type TestSchema } from "./database.js";
export {
  type AppProcessOptions,
  freePort,
  REPO_ROOT,
  startAppProcess,
  stopProcess,
  waitForHttp,
} from "./processes.js";
export { createTestQueuePrefix, TEST_REDIS_URL, type TestQueuePrefix } from "./queue.js";
export {
  type CallerOptions,
  insertJob,
  type JobFixture,
  type SeededCaller,
  sampleResult,
  seedCaller,
} from "./seed.js";
