import pino, { type Logger } from "pino";

export type { Logger };

/** Paths pino blanks in every log line: credentials must never reach logs. */
export const REDACT_PATHS = [
  "password",
  "*.password",
  "newPassword",
  "*.newPassword",
  "token",
  "*.token",
  "*.*.token",
  "cookie",
  "*.cookie",
  "req.headers.cookie",
  "req.headers.authorization",
  "headers.cookie",
  "headers.authorization",
  "authorization",
  "*.authorization",
  'res.headers["set-cookie"]',
];

export interface LoggerOptions {
  level: string;
  /** Pretty-print (pino-pretty) only when asked for and stdout is a terminal. */
  pretty?: boolean;
  /** Where lines go; tests pass a stream to read them. Defaults to stdout. */
  destination?: pino.DestinationStream;
}

/** The one root logger; everything else is a child of it. */
export function createLogger(options: LoggerOptions): Logger {
  const base: pino.LoggerOptions = {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty && process.stdout.isTTY) {
    return pino({ ...base, transport: { target: "pino-pretty", options: { colorize: true } } });
  }
  return pino(base);
}
