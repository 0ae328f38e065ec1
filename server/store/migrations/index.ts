import type { Logger } from "../../core/logger.ts";
import type { DocStore } from "../types.ts";
import { migration as users } from "./0001-users.ts";
import { migration as sessions } from "./0002-sessions.ts";
import { migration as posts } from "./0003-posts.ts";
import { migration as audit } from "./0004-audit.ts";
import { migration as social } from "./0005-social.ts";
import { migration as cursors } from "./0006-cursors.ts";
import { migration as codeground } from "./0007-codeground.ts";
import { migration as songs } from "./0008-songs.ts";
import { migration as notifications } from "./0009-notifications.ts";
import { migration as chat } from "./0010-chat.ts";
import { migration as reactionsMine } from "./0011-reactions-mine.ts";
import { migration as draftsCursor } from "./0012-drafts-cursor.ts";
import { migration as songsPublishedAt } from "./0013-songs-published-at.ts";
import { buildMigrator, type Migrator } from "./migrator.ts";
import type { Migration } from "./types.ts";

export type { MigrationStatus, Migrator } from "./migrator.ts";
export { ZERO } from "./migrator.ts";
export { MIGRATIONS_COLLECTION } from "./storage.ts";
export type { Migration } from "./types.ts";

/**
 * Every migration, in apply order. Listed by hand (no glob) so a bundle contains exactly
 * these and the order never depends on a file system. Add new ones at the end.
 */
export const MIGRATIONS: readonly Migration[] = [users, sessions, posts, audit, social, cursors, codeground, songs, notifications, chat, reactionsMine, draftsCursor, songsPublishedAt];

export function createMigrator(store: DocStore, logger: Logger, migrations: readonly Migration[] = MIGRATIONS): Migrator {
  return buildMigrator(store, logger, migrations);
}
