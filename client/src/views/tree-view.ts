import type { TreeNodeView } from "#schema/replies/codeground.ts";
import type { CodeApi } from "../net/code-api.ts";
import { requireElement } from "../ui/dom.ts";
import { closeOnEscape, focusOverlay, overlayBar } from "../ui/overlay.ts";
import { el } from "../ui/text.ts";
import type { View } from "./view.ts";

export interface TreeParams {
  id: string;
}

/** How many pages of a family the page reads before offering "more" (200 members a page). */
const AUTO_PAGES = 3;

/**
 * `#/code/:id/tree`: the whole remix family, who forked whom and from which version, as a
 * nested list. Members that are not public keep their place ("private or removed").
 */
export class TreeView implements View<TreeParams> {
  readonly #root = requireElement("tree-page", HTMLElement);
  #generation = 0;

  readonly #bar: HTMLElement;

  constructor(
    private readonly api: CodeApi,
    closeOverlay: () => void,
  ) {
    this.#bar = overlayBar("the remix tree", closeOverlay);
    closeOnEscape(this.#root, closeOverlay);
  }

  async open({ id }: TreeParams): Promise<void> {
    const generation = ++this.#generation;
    this.#root.hidden = false;
    const list = el("ul", undefined, "remix-tree");
    list.id = "remix-tree";
    const back = el("a", "Back to the script");
    back.href = `#/code/${encodeURIComponent(id)}`;
    this.#root.replaceChildren(this.#bar, el("h2", "Remix tree"), back, list);
    focusOverlay(this.#root);
    const items = new Map<string, HTMLElement>();
    let after: string | undefined;
    for (let page = 0; page < AUTO_PAGES; page++) {
      const tree = await this.api.tree(id, after).catch(() => null);
      if (generation !== this.#generation) return;
      if (!tree) {
        list.append(el("li", "This family cannot be shown (the script is private or was removed).", "muted"));
        return;
      }
      for (const node of tree.nodes) this.#place(list, items, node, id);
      if (!tree.next) return;
      after = tree.next;
    }
    list.after(el("p", "This family is larger than shown here.", "muted"));
  }

  async close(): Promise<void> {
    this.#generation++;
    this.#root.hidden = true;
  }

  /** Parents come before children (creation order), so each node nests under one already drawn. */
  #place(list: HTMLElement, items: Map<string, HTMLElement>, node: TreeNodeView, current: string): void {
    const li = el("li", undefined, node.id === current ? "current" : undefined);
    li.dataset.scriptId = node.id;
    li.dataset.depth = String(node.depth);
    const line = el("div", undefined, "tree-line");
    if (node.visible && node.title !== null) {
      const a = el("a", node.title);
      a.href = `#/code/${encodeURIComponent(node.id)}`;
      line.append(a, el("span", ` by @${node.author ?? ""}`, "muted"));
      if (node.latestVersion) line.append(el("span", ` · v${node.latestVersion}`, "muted"));
    } else {
      line.append(el("em", "private or removed", "muted"));
    }
    if (node.fromVersion !== null) line.append(el("span", ` · forked from v${node.fromVersion}`, "muted"));
    line.append(el("span", ` · ${node.forkCount} ${node.forkCount === 1 ? "fork" : "forks"}`, "muted"));
    li.append(line);
    items.set(node.id, li);
    const parent = node.parentId ? items.get(node.parentId) : undefined;
    if (!parent) {
      list.append(li);
      return;
    }
    let children = parent.querySelector<HTMLElement>(":scope > ul");
    if (!children) {
      children = el("ul");
      parent.append(children);
    }
    children.append(li);
  }
}
