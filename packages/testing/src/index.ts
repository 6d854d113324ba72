export { createTestSchema, dropSchema, TEST_DATABASE_URL, type TestSchema } from "./database.js";
