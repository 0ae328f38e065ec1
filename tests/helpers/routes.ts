import { createAuthServices } from "../../server/auth/services.ts";
import { testConfig } from "../../server/config.ts";
import { createLogger } from "../../server/core/logger.ts";
import { createMetrics } from "../../server/core/metrics.ts";
import { OperatorGuard } from "../../server/core/operator.ts";
import { allRoutes } from "../../server/http/routes/index.ts";
import { createSocialServices } from "../../server/social/services.ts";
import { createCodegroundServices } from "../../server/codeground/services.ts";
import { createSongServices } from "../../server/song/services.ts";
import type { Route } from "../../server/http/types.ts";
import { openSqliteStore } from "../../server/store/sqlite/store.ts";

/** The server's real route table, built on an in-memory store (for enumeration tests). */
export function realRoutes(): Route[] {
  const log = createLogger({ level: "silent" });
  const store = openSqliteStore({ file: ":memory:", logger: log });
  const social = createSocialServices(store, Date.now);
  return allRoutes({
    auth: createAuthServices(store, testConfig(), Date.now),
    social,
    codeground: createCodegroundServices(store, social.notifier, Date.now),
    songs: createSongServices(store, social, log, Date.now),
    operators: new OperatorGuard(undefined),
    metrics: createMetrics(() => store.poolStats()),
    readiness: async () => {
      throw new Error("not called in enumeration tests");
    },
  });
}
