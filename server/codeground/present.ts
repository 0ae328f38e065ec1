import type { CreditView, DraftSummary, DraftView, PreviewView, VersionView } from "#schema/replies/codeground.ts";
import { type Credit, creditLine } from "../domain/codeground/lineage.ts";
import { previewUrl } from "./previews.ts";
import type { ScriptDoc, VersionDoc } from "./types.ts";

/** Published and not hidden: anyone may read, run and fork its versions. */
export function isPublic(s: Pick<ScriptDoc, "published" | "hidden"> | null | undefined): boolean {
  return !!s && s.published && !s.hidden;
}

export function presentCredit(credit: Credit | null, removed: boolean): CreditView | null {
  if (!credit) return null;
  return { ...credit, removed, line: creditLine(credit, removed) };
}

export function presentDraft(s: ScriptDoc, creditRemoved: boolean): DraftView {
  return {
    id: s._id,
    title: s.title,
    description: s.description,
    source: s.source,
    seq: s.seq,
    updatedAt: s.updatedAt,
    published: s.published,
    hidden: s.hidden,
    latestVersion: s.latestVersion,
    latestVersionId: s.latestVersionId,
    forkCount: s.forkCount,
    credit: presentCredit(s.lineage.credit, creditRemoved),
    depth: s.lineage.depth,
    rootId: s.lineage.rootScriptId,
  };
}

export function presentSummary(s: ScriptDoc, creditRemoved: boolean): DraftSummary {
  return {
    id: s._id,
    title: s.title,
    updatedAt: s.updatedAt,
    published: s.published,
    latestVersion: s.latestVersion,
    credit: s.lineage.credit ? creditLine(s.lineage.credit, creditRemoved) : null,
  };
}

export function presentVersion(
  v: VersionDoc,
  script: ScriptDoc,
  author: { username: string; displayName: string },
  creditRemoved: boolean,
): VersionView {
  return {
    id: v._id,
    scriptId: v.scriptId,
    number: v.number,
    title: v.title,
    description: v.description,
    source: v.source,
    hash: v.hash,
    author: author.username,
    authorName: author.displayName,
    createdAt: v.createdAt,
    credit: presentCredit(v.lineage.credit, creditRemoved),
    forkCount: script.forkCount,
    preview: presentPreview(v),
  };
}

/** The version's preview for cards and version reads (only ever shown next to a version the viewer may see). */
export function presentPreview(v: Pick<VersionDoc, "_id" | "preview">): PreviewView | null {
  return v.preview ? { url: previewUrl(v._id), width: v.preview.width, height: v.preview.height } : null;
}
