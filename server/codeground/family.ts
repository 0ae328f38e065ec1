import { ErrorCode } from "#schema/protocol.ts";
import type { RemixTree, ScriptCardView } from "#schema/replies/codeground.ts";
import type { Actor } from "../auth/types.ts";
import { DomainError } from "../core/errors.ts";
import { type FamilyMember, showMember } from "../domain/codeground/tree.ts";
import { isPublic, presentCredit, presentPreview } from "./present.ts";
import type { ScriptService } from "./scripts.ts";
import type { ScriptDoc } from "./types.ts";

/** Members per tree page: a family of any size is read in bounded pages, parents first. */
export const TREE_PAGE = 200;

/**
 * `createdAt.id`: where the previous page ended; absent (or empty) for the first page. Anything else
 * is BAD_INPUT naming `after`: answering the first page again would repeat it forever to a
 * client paging with a broken cursor.
 */
function parseAfter(text: string | null): { at: number; id: string } | undefined {
  if (text === null || text === "") return undefined;
  const m = /^(\d{1,15})\.([0-9a-f]{1,64})$/.exec(text);
  if (!m) {
    const message = "not a cursor this server wrote: pass the previous page's next";
    throw new DomainError(ErrorCode.BAD_INPUT, message, { details: [{ path: "after", message }] });
  }
  return { at: Number(m[1]), id: m[2] as string };
}

/**
 * The remix tree of the script's family. The caller must be able to see the script it
 * asked about (public, or their own); members that are not public keep their place but
 * show no title or author.
 */
export async function remixTree(scripts: ScriptService, id: string, viewer: Actor | undefined, afterText: string | null): Promise<RemixTree> {
  const asked = await scripts.scripts.findOne({ _id: id }, { projection: { source: 0 } });
  if (!asked || (!isPublic(asked) && asked.ownerId !== viewer?.userId)) throw new DomainError(ErrorCode.NOT_FOUND, "no such script");
  const rootId = asked.lineage.rootScriptId;
  const after = parseAfter(afterText);
  const range = after ? { createdAt: { $gte: after.at }, $or: [{ createdAt: { $gt: after.at } }, { createdAt: after.at, _id: { $gt: after.id } }] } : {};
  const rows = await scripts.scripts.find(
    { "lineage.rootScriptId": rootId, ...range },
    { sort: { createdAt: 1, _id: 1 }, limit: TREE_PAGE, projection: { source: 0, description: 0 } },
  );
  const owners = await usernames(scripts, rows.map((r) => r.ownerId));
  const titles = await publishedTitles(scripts, rows.filter(isPublic));
  const nodes = rows.map((r) => showMember(member(r, owners.get(r.ownerId) ?? "", titles.get(r._id) ?? "")));
  const last = rows.at(-1);
  return { rootId, nodes, next: rows.length === TREE_PAGE && last ? `${last.createdAt}.${last._id}` : null };
}

/** `title`: the latest published version's, never the draft's (a draft is its owner's alone). */
function member(r: ScriptDoc, author: string, title: string): FamilyMember {
  return {
    id: r._id,
    parentId: r.lineage.parentScriptId,
    fromVersion: r.lineage.credit?.version ?? null,
    depth: r.lineage.depth,
    visible: isPublic(r),
    title,
    author,
    latestVersion: r.latestVersion,
    latestVersionId: r.latestVersionId,
    forkCount: r.forkCount,
    createdAt: r.createdAt,
  };
}

/**
 * The title each public script was last published under, by script id, in one indexed
 * query: the script row's own title is the draft's, renamed as its owner types and saves.
 */
async function publishedTitles(scripts: ScriptService, rows: readonly ScriptDoc[]): Promise<Map<string, string>> {
  const ids = rows.flatMap((r) => (r.latestVersionId ? [r.latestVersionId] : []));
  if (!ids.length) return new Map();
  const versions = await scripts.versions.find({ _id: { $in: ids } }, { projection: { scriptId: 1, title: 1 } });
  return new Map(versions.map((v) => [v.scriptId, v.title]));
}

async function usernames(scripts: ScriptService, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const users = await scripts.users.find({ _id: { $in: unique } }, { projection: { username: 1 } });
  return new Map(users.map((u) => [u._id, u.username]));
}

/**
 * Script cards for the versions these posts or feed items name (`ref.kind === "script"`),
 * in four indexed lookups per page whatever its size. A card whose script is no longer
 * public is returned as removed (nothing to run).
 */
export async function scriptCards(scripts: ScriptService, versionIds: string[]): Promise<Map<string, ScriptCardView>> {
  const ids = [...new Set(versionIds)];
  if (!ids.length) return new Map();
  const versions = await scripts.versions.find({ _id: { $in: ids } }, { projection: { source: 0 } });
  const owners = [...new Set(versions.map((v) => v.scriptId))];
  const rows = owners.length ? await scripts.scripts.find({ _id: { $in: owners } }, { projection: { source: 0, description: 0 } }) : [];
  const byId = new Map(rows.map((r) => [r._id, r]));
  const removedParents = await scripts.removedParents(versions);
  const names = await usernames(scripts, versions.map((v) => v.ownerId));
  const cards = new Map<string, ScriptCardView>();
  for (const v of versions) {
    const script = byId.get(v.scriptId);
    const removed = !isPublic(script);
    cards.set(v._id, {
      versionId: v._id,
      scriptId: v.scriptId,
      number: v.number,
      title: removed ? "" : v.title,
      description: removed ? "" : v.description,
      author: names.get(v.ownerId) ?? "",
      forkCount: script?.forkCount ?? 0,
      credit: removed ? null : presentCredit(v.lineage.credit, removedParents.has(v.lineage.parentScriptId ?? "")),
      removed,
      preview: removed ? null : presentPreview(v),
    });
  }
  return cards;
}

/** Sets `script` on every item whose ref is a script version (feed items and wall posts alike). */
export async function attachCards<T extends { ref: { kind: string; id: string } | null; script?: ScriptCardView | null }>(
  scripts: ScriptService,
  items: T[],
): Promise<T[]> {
  const wanted = items.flatMap((i) => (i.ref?.kind === "script" ? [i.ref.id] : []));
  const cards = await scriptCards(scripts, wanted);
  for (const i of items) if (i.ref?.kind === "script") i.script = cards.get(i.ref.id) ?? null;
  return items;
}
