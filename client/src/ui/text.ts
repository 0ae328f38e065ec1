/** Builds an element with text content only (never HTML from data). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/**
 * The account's handle, shown beside every display name where impersonation matters:
 * display names are free text, `@username` is unique (by its look-alike key).
 */
export function handle(username: string): HTMLElement {
  const span = el("span", `@${username}`, "handle muted");
  span.dataset.handle = username;
  return span;
}

/**
 * Post text as nodes: plain text, with http(s) URLs as links that open elsewhere and
 * carry no referrer. Any other scheme (javascript:, data:) stays text.
 */
export function richText(text: string): Node[] {
  const nodes: Node[] = [];
  const url = /\bhttps?:\/\/[^\s<>"']+/g;
  let last = 0;
  for (const match of text.matchAll(url)) {
    const at = match.index ?? 0;
    if (at > last) nodes.push(document.createTextNode(text.slice(last, at)));
    const a = el("a", match[0]);
    try {
      const parsed = new URL(match[0]);
      if (parsed.protocol === "http:" || parsed.protocol === "https:") {
        a.href = parsed.href;
        a.rel = "nofollow noopener noreferrer ugc";
        a.target = "_blank";
      }
    } catch {
      // not a URL after all: keep it as text inside the anchor-less span
    }
    nodes.push(a.href ? a : document.createTextNode(match[0]));
    last = at + match[0].length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}
