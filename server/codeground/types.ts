import type { Lineage } from "../domain/codeground/lineage.ts";

/**
 * A script: its owner's working draft (private) plus what is public about it. Published
 * content lives in `script_versions`, which are never updated.
 */
export interface ScriptDoc {
  _id: string;
  ownerId: string;
  title: string;
  description: string;
  source: string;
  /** Save counter: history entries are numbered by it. */
  seq: number;
  createdAt: number;
  updatedAt: number;
  /** Has a public version (cleared by unpublish). */
  published: boolean;
  /** Hidden by a moderator: no card, no runs, no forks, no publishing. */
  hidden: boolean;
  latestVersion: number;
  latestVersionId: string | null;
  latestHash: string | null;
  /** Forks made of any of its versions. */
  forkCount: number;
  /** The wall posts (and feed items) that announced its versions; removed on unpublish. */
  postIds: string[];
  lineage: Lineage;
  [key: string]: unknown;
}

/** One kept save of a draft; `_id` is `${scriptId}:${seq}`. */
export interface SaveDoc {
  _id: string;
  scriptId: string;
  seq: number;
  title: string;
  description: string;
  source: string;
  savedAt: number;
  [key: string]: unknown;
}

/** A published version: written once, never updated. */
export interface VersionDoc {
  _id: string;
  scriptId: string;
  ownerId: string;
  number: number;
  title: string;
  description: string;
  source: string;
  hash: string;
  createdAt: number;
  /** The script's lineage when published: the credit line travels with every version. */
  lineage: Lineage;
  /** The wall post (and feed item) that announced it. */
  postId: string;
  /** Its still preview, when the publisher's browser sent one (the bytes are in `script_previews`). Absent on older versions. */
  preview?: PreviewMeta | null;
  [key: string]: unknown;
}

/** What a version records about its preview: enough to lay out a card and answer a conditional GET. */
export interface PreviewMeta {
  width: number;
  height: number;
  bytes: number;
  /** Strong ETag of the PNG (quoted), from its sha256. */
  etag: string;
}

/**
 * A version's still preview PNG, written once in the publish batch (never updated); `_id`
 * is the version's id. Kept apart from the version so card and version reads never carry it.
 */
export interface PreviewDoc {
  _id: string;
  scriptId: string;
  png: Uint8Array;
  etag: string;
  createdAt: number;
  [key: string]: unknown;
}
