export { commonEnv, databaseEnv, EnvError, envBoolean, envInt, parseEnv, redisEnv } from "./env.js";
