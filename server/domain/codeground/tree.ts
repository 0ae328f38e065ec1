/**
 * The remix tree: a family of scripts (one root, its forks, their forks), read in creation
 * order so every parent comes before its children. Pure: the service reads the rows; this
 * decides what each viewer may see and how the family nests.
 */

export interface FamilyMember {
  id: string;
  parentId: string | null;
  fromVersion: number | null;
  depth: number;
  /** Published and not hidden: title and author may be shown. */
  visible: boolean;
  title: string;
  author: string;
  latestVersion: number;
  latestVersionId: string | null;
  forkCount: number;
  createdAt: number;
}

export interface ShownMember extends Omit<FamilyMember, "title" | "author"> {
  title: string | null;
  author: string | null;
}

/**
 * A member as the tree shows it: a private draft, an unpublished or hidden script keeps
 * its place (its public forks still hang from it) but shows no title, author or version link.
 */
export function showMember(m: FamilyMember): ShownMember {
  if (m.visible) return { ...m };
  return { ...m, title: null, author: null, latestVersionId: null };
}

export interface TreeNode<T> {
  item: T;
  children: TreeNode<T>[];
}

/**
 * Nests members under their parents. Members whose parent is not in the list (a page
 * that starts mid-family) become roots of their own, so nothing is dropped; a cycle
 * cannot form because a parent always precedes its child in creation order.
 */
export function nest<T extends { id: string; parentId: string | null }>(members: readonly T[]): TreeNode<T>[] {
  const byId = new Map<string, TreeNode<T>>();
  const roots: TreeNode<T>[] = [];
  for (const item of members) {
    const node: TreeNode<T> = { item, children: [] };
    byId.set(item.id, node);
    const parent = item.parentId ? byId.get(item.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Depth-first order with each member's indent level (what a list-shaped tree view draws). */
export function flatten<T>(roots: readonly TreeNode<T>[], level = 0): Array<{ item: T; level: number }> {
  return roots.flatMap((n) => [{ item: n.item, level }, ...flatten(n.children, level + 1)]);
}
