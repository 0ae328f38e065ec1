/**
 * Fork lineage, pure: where a script came from and the credit line that travels with it.
 * A fork records its parent version, the family's root and its depth; the credit is
 * copied at fork time (author, title, version number), so it survives the parent being
 * renamed, unpublished or hidden ("original removed").
 */

/** Where a fork came from, frozen at fork time. */
export interface Credit {
  author: string;
  title: string;
  version: number;
  scriptId: string;
  versionId: string;
}

export interface Lineage {
  /** The script this one was forked from (null: an original). */
  parentScriptId: string | null;
  parentVersionId: string | null;
  /** The family's first script (itself for an original). */
  rootScriptId: string;
  /** 0 for an original, parent's depth + 1 for a fork. */
  depth: number;
  credit: Credit | null;
}

/** The lineage of a new original script. */
export function originalLineage(scriptId: string): Lineage {
  return { parentScriptId: null, parentVersionId: null, rootScriptId: scriptId, depth: 0, credit: null };
}

/** What a fork needs to know about the version it copies. */
export interface ForkSource {
  scriptId: string;
  versionId: string;
  number: number;
  title: string;
  author: string;
  lineage: Lineage;
}

/** The lineage of a fork of `source`: same root, one deeper, credited to the version forked. */
export function forkLineage(source: ForkSource): Lineage {
  return {
    parentScriptId: source.scriptId,
    parentVersionId: source.versionId,
    rootScriptId: source.lineage.rootScriptId,
    depth: source.lineage.depth + 1,
    credit: { author: source.author, title: source.title, version: source.number, scriptId: source.scriptId, versionId: source.versionId },
  };
}

/** "forked from @ana/orbit v3", with "(original removed)" when the parent is no longer public. */
export function creditLine(credit: Credit, removed: boolean): string {
  const line = `forked from @${credit.author}/${credit.title} v${credit.version}`;
  return removed ? `${line} (original removed)` : line;
}
