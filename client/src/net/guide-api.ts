import type { GuideState } from "#schema/messages/guide.ts";
import { call } from "./auth-api.ts";

/** The first-visit guide's flag on the account: GET/PATCH /api/me/guide (docs/API.md). */
export class GuideApi {
  constructor(private readonly csrf: () => string | undefined) {}

  async done(): Promise<boolean> {
    return (await call<GuideState>("GET", "/api/me/guide")).done;
  }

  async setDone(done: boolean): Promise<void> {
    await call<GuideState>("PATCH", "/api/me/guide", { done }, this.csrf());
  }
}
