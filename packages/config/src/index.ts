export {
  commonEnv,
  databaseEnv,
  EnvError,
  envBoolean,
  envInt,
  parseEnv,
  redisEnv,
  webhookEnv,
} from "./env.js";
