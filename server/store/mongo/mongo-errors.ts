import {
  MongoClientClosedError,
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerClosedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from "mongodb";
import { DuplicateKeyError, StoreUnavailableError } from "../errors.ts";

/** Driver errors that are not exported as classes but mean "no connection to be had". */
const UNAVAILABLE_NAMES = new Set(["WaitQueueTimeoutError", "PoolClosedError", "MongoPoolClearedError"]);

/**
 * Server codes of failover and shutdown: the cluster is changing hands, a retry later
 * will work, so callers see 503 rather than 500.
 */
const UNAVAILABLE_CODES = new Set([6, 7, 89, 91, 189, 9001, 10107, 11600, 11602, 13435, 13436]);

export function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoError && (err.code === 11000 || err.code === 11001);
}

/** Maps a driver error to the store's errors; anything else passes through unchanged. */
export function mapMongoError(err: unknown, where: string): unknown {
  if (isDuplicateKey(err)) {
    const message = (err as Error).message;
    const index = /index: (\S+)/.exec(message)?.[1];
    return new DuplicateKeyError(`duplicate key: unique index ${index ?? "?"} would be violated`, index, {
      cause: err,
    });
  }
  if (isUnavailable(err)) {
    const e = err as Error;
    return new StoreUnavailableError(`MongoDB at ${where} is unavailable (${e.name}: ${e.message})`, { cause: err });
  }
  return err;
}

function isUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (
    err instanceof MongoNetworkError ||
    err instanceof MongoServerSelectionError ||
    err instanceof MongoTopologyClosedError ||
    err instanceof MongoNotConnectedError ||
    err instanceof MongoClientClosedError ||
    err instanceof MongoServerClosedError
  ) {
    return true;
  }
  if (UNAVAILABLE_NAMES.has(err.name)) return true;
  if (!(err instanceof MongoError)) return false;
  return (
    err.hasErrorLabel("RetryableWriteError") || (typeof err.code === "number" && UNAVAILABLE_CODES.has(err.code))
  );
}
