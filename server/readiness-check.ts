import type { Readiness } from "./readiness.ts";
import type { Migrator } from "./store/prepare.ts";
import type { DocStore } from "./store/types.ts";

interface ReadinessDeps {
  store: DocStore;
  migrator: Migrator;
  transport: { name: string; up: () => boolean };
}

const PING_TIMEOUT_MS = 1_000;

/** Ready = the store answers within a second, no migration is pending, the transport listens. */
export async function checkReadiness(deps: ReadinessDeps): Promise<Readiness> {
  const store = await pingWithin(deps.store, PING_TIMEOUT_MS);
  const pending = store.ok ? await deps.migrator.pending().catch(() => ["(unknown: store error)"]) : ["(unknown)"];
  const transportUp = deps.transport.up();
  return {
    ready: store.ok && pending.length === 0 && transportUp,
    checks: {
      store: { ...store, engine: deps.store.engine, pool: deps.store.poolStats() },
      migrations: { ok: pending.length === 0, pending },
      transport: { ok: transportUp, name: deps.transport.name },
    },
  };
}

async function pingWithin(store: DocStore, ms: number): Promise<{ ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([store.ping(), timeout]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}
