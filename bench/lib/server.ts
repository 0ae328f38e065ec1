import { startTestServer, type TestServer, type TestServerOptions } from "../../tests/helpers/server.ts";

const READY_DEADLINE_MS = 180_000;

/**
 * startTestServer with a longer readiness deadline than the test helper's 30 s: on a
 * loaded shared machine tsx compiling the server alone can take longer than that.
 * BENCH_SERVER_NODE_OPTIONS in the bench's environment is added to the server's
 * NODE_OPTIONS, to compare runtime settings (e.g. `--max-semi-space-size=4`).
 */
export async function startBenchServer(opts: TestServerOptions): Promise<TestServer> {
  const extra = process.env.BENCH_SERVER_NODE_OPTIONS;
  const env = extra ? { ...opts.env, NODE_OPTIONS: `${opts.env?.NODE_OPTIONS ?? ""} ${extra}`.trim() } : opts.env;
  const server = await startTestServer({ ...opts, env, expectFailure: true });
  let exited = false;
  void server.exit.then(() => {
    exited = true;
  });
  const end = Date.now() + READY_DEADLINE_MS;
  while (Date.now() < end && !exited) {
    const ok = await fetch(`${server.baseUrl}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return server;
    await new Promise((r) => setTimeout(r, 250));
  }
  await server.stop();
  throw new Error(`bench server not ready:\n${server.logs.slice(-20).join("\n")}`);
}
