import type { NotificationService } from "../social/notifications.ts";
import type { SocialNotifier } from "../social/notifier.ts";
import type { DocStore } from "../store/types.ts";
import { ScriptService } from "./scripts.ts";

export interface CodegroundServices {
  scripts: ScriptService;
}

export function createCodegroundServices(
  store: DocStore,
  notifier: SocialNotifier,
  now: () => number,
  notifications?: NotificationService,
): CodegroundServices {
  return { scripts: new ScriptService(store, notifier, now, notifications) };
}
