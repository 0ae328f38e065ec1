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
  [key: string]: unknown;
}
