/**
 * What the Codeground routes answer: the wire shapes, declared once for the server and the
 * client. Types only (the browser bundle includes this file).
 */

/** Where a fork came from, as it was when forked: "forked from @ana/orbit v3". */
export interface CreditView {
  author: string;
  title: string;
  version: number;
  scriptId: string;
  versionId: string;
  /** The original was unpublished or hidden since: the credit stays, marked "original removed". */
  removed: boolean;
  /** The line as shown. */
  line: string;
}

/** A draft as its owner sees it (GET /api/scripts/:id for the owner, POST /api/scripts, saves). */
export interface DraftView {
  id: string;
  title: string;
  description: string;
  source: string;
  /** Save counter of the draft; history entries carry the same numbers. */
  seq: number;
  updatedAt: number;
  published: boolean;
  hidden: boolean;
  /** The newest published version's number (0: never published). */
  latestVersion: number;
  latestVersionId: string | null;
  forkCount: number;
  credit: CreditView | null;
  depth: number;
  rootId: string;
}

/** One row of the owner's draft list (GET /api/scripts/mine). */
export interface DraftSummary {
  id: string;
  title: string;
  updatedAt: number;
  published: boolean;
  latestVersion: number;
  credit: string | null;
}

export interface DraftList {
  drafts: DraftSummary[];
  /** The opaque cursor of the next page (`?before=`), null on the last page. */
  next: string | null;
}

/** PUT /api/scripts/:id/draft. */
export interface SaveReply {
  seq: number;
  savedAt: number;
}

/** GET /api/scripts/:id/history: newest first, metadata only (restore to see the source). */
export interface HistoryEntry {
  seq: number;
  savedAt: number;
  title: string;
  bytes: number;
}

export interface HistoryList {
  saves: HistoryEntry[];
}

/** A version's still preview (captured in the publisher's sandbox): an image URL on this origin and its size. */
export interface PreviewView {
  /** GET /api/script-versions/:id/preview.png */
  url: string;
  width: number;
  height: number;
}

/** A published version (immutable): what a card runs and a fork copies. */
export interface VersionView {
  id: string;
  scriptId: string;
  number: number;
  title: string;
  description: string;
  source: string;
  /** sha256 over the canonical content (title, description, source), hex. */
  hash: string;
  author: string;
  authorName: string;
  createdAt: number;
  credit: CreditView | null;
  forkCount: number;
  /** Null for versions published without one (older ones, or the capture failed). */
  preview: PreviewView | null;
}

/** The script card a feed item or wall post carries when its `ref` is a script version. */
export interface ScriptCardView {
  versionId: string;
  scriptId: string;
  number: number;
  title: string;
  description: string;
  author: string;
  forkCount: number;
  credit: CreditView | null;
  /** Unpublished or hidden: the card shows "removed" and runs nothing. */
  removed: boolean;
  /** The still preview shown under the Run button; null: the card looks as before (no image). */
  preview: PreviewView | null;
}

/** One member of a remix family. Scripts that are not public show no title or author. */
export interface TreeNodeView {
  id: string;
  parentId: string | null;
  /** The parent's version this one was forked from (null for the root). */
  fromVersion: number | null;
  depth: number;
  visible: boolean;
  title: string | null;
  author: string | null;
  latestVersion: number;
  latestVersionId: string | null;
  forkCount: number;
  createdAt: number;
}

/** GET /api/scripts/:id/tree: the family in creation order (parents before children), paged. */
export interface RemixTree {
  rootId: string;
  nodes: TreeNodeView[];
  /** Cursor for `?after=`; null when the family is complete. */
  next: string | null;
}

/** GET /api/scripts/:id: the owner gets the draft; everyone gets the newest public version. */
export interface ScriptPage {
  draft: DraftView | null;
  latest: VersionView | null;
}
