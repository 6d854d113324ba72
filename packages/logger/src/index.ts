export { createLogger, type Logger, type LoggerOptions, logFormatFor } from "./logger.js";
