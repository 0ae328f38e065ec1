import assert from "node:assert/strict";
import { register, type TestAccount } from "../helpers/accounts.ts";
import { api } from "../helpers/http.ts";
import { type InProcessApp, startInProcess } from "../helpers/app.ts";

const HOUR = 3_600_000;

/** The app booted in this process with a clock the test moves: expiry without waiting hours. */
describe("sessions on a held clock (in-process app)", function () {
  this.timeout(30_000); // the first boot compiles the server and may build the client
  let server: InProcessApp;
  const me = async (who: TestAccount) => (await api(server, "GET", "/api/me", who)).status;

  before(async () => {
    server = await startInProcess({ SESSION_IDLE_HOURS: "2", SESSION_ABSOLUTE_HOURS: "5" });
  });
  after(async () => {
    await server?.stop();
  });

  it("[CK1] a session unused for SESSION_IDLE_HOURS is refused; one used meanwhile lives on", async () => {
    const idle = await register(server);
    const busy = await register(server);
    server.clock.advance(1.5 * HOUR);
    assert.equal(await me(busy), 200);
    server.clock.advance(HOUR);
    assert.equal(await me(idle), 401, "2.5 h without use");
    assert.equal(await me(busy), 200, "used 1 h ago");
  });

  it("[CK2] past SESSION_ABSOLUTE_HOURS a session is refused however often it was used", async () => {
    const a = await register(server);
    for (let hour = 1; hour <= 4; hour++) {
      server.clock.advance(HOUR);
      assert.equal(await me(a), 200, `used after ${hour} h`);
    }
    server.clock.advance(HOUR);
    assert.equal(await me(a), 401, "5 h after sign-in");
  });
});
