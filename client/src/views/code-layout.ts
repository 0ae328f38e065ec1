import { SCRIPT_DESCRIPTION_MAX, SCRIPT_TITLE_MAX } from "#schema/messages/codeground.ts";
import { EXAMPLE_SCRIPTS } from "../codeground/examples.ts";
import { overlayBar } from "../ui/overlay.ts";
import { el } from "../ui/text.ts";

/** A button that says what it does (`data-action` names it for the tests and the wiring). */
export const button = (text: string, action: string) => {
  const b = el("button", text);
  b.type = "button";
  b.dataset.action = action;
  return b;
};

/** The Codeground's elements, built into `root` (the view wires them). */
export type CodeLayout = ReturnType<typeof buildCodeLayout>;

/** Builds the Codeground page: head, meta, toolbar, editor and output, drafts and saves. */
export function buildCodeLayout(root: HTMLElement, close: () => void) {
  const title = el("input", undefined, "code-title");
  title.id = "code-title";
  title.maxLength = SCRIPT_TITLE_MAX;
  title.setAttribute("aria-label", "Title");
  const description = el("textarea", undefined, "code-description");
  description.id = "code-description";
  description.maxLength = SCRIPT_DESCRIPTION_MAX;
  description.rows = 2;
  description.placeholder = "What does it do?";
  description.setAttribute("aria-label", "Description");
  const saveStatus = el("span", "", "code-save-status muted");
  saveStatus.id = "code-save-status";
  saveStatus.setAttribute("role", "status");
  const credit = el("p", "", "script-credit");
  credit.id = "code-credit";
  const tree = el("a", "Remix tree", "script-tree");
  tree.id = "code-tree-link";
  const run = button("Run", "run");
  const stop = button("Stop", "stop");
  const publish = button("Publish", "publish");
  const unpublish = button("Unpublish", "unpublish");
  const fork = button("Fork", "fork");
  const examples = el("select");
  examples.id = "code-example";
  examples.setAttribute("aria-label", "Examples");
  for (const e of EXAMPLE_SCRIPTS) examples.add(new Option(e.title, e.id));
  const fromExample = button("New from example", "new-from-example");
  const editorHost = el("div", undefined, "code-editor");
  editorHost.id = "code-editor";
  const sandboxBox = el("div", undefined, "code-sandbox");
  sandboxBox.id = "code-sandbox";
  const consoleBox = el("div", undefined, "code-console");
  consoleBox.id = "code-console";
  const drafts = el("ul", undefined, "code-drafts");
  drafts.id = "code-drafts";
  const history = el("ol", undefined, "code-history");
  history.id = "code-history";
  const head = el("header", undefined, "code-head");
  head.append(title, saveStatus);
  const toolbar = el("div", undefined, "code-toolbar");
  toolbar.append(run, stop, publish, unpublish, fork, examples, fromExample);
  const output = el("div", undefined, "code-output");
  output.append(sandboxBox, consoleBox);
  const main = el("div", undefined, "code-main");
  main.append(editorHost, output);
  const side = el("aside", undefined, "code-side");
  side.append(el("h3", "My drafts"), drafts, el("h3", "Saves"), history);
  const meta = el("div", undefined, "code-meta");
  meta.append(credit, tree);
  // No Escape to close here: the editor uses Escape itself (leaving its Tab-indents mode).
  root.replaceChildren(overlayBar("the Codeground", close), head, description, meta, toolbar, main, side);
  return { title, description, saveStatus, credit, tree, run, stop, publish, unpublish, fork, examples, fromExample, editorHost, sandboxBox, consoleBox, drafts, history };
}
