export {
  commonEnv,
  databaseEnv,
  EnvError,
  envBoolean,
  envInt,
  parseEnv,
  redisEnv,
  webhookSecretEnv,
} from "./env.js";
