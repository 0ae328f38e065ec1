import type { PoolStats } from "./store/types.ts";

export interface Readiness {
  ready: boolean;
  checks: {
    store: { ok: boolean; engine: string; error?: string; pool: PoolStats };
    migrations: { ok: boolean; pending: string[] };
    transport: { ok: boolean; name: string };
  };
}
