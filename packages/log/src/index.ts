export { requestContext, requestIdFor, type RequestContext } from './context';
export { LOG_LEVELS, logLevelFromEnv, type LogLevel } from './env';
export { captureLogs, createLogger, setLogFd, type CapturedLogs, type Logger, type LoggerOptions } from './logger';
export { REDACTED, SECRET_KEYS } from './redact';
