
import type { DraftView, VersionView } from "#schema/replies/codeground.ts";
import { ConsolePanel } from "../codeground/console-panel.ts";
import { CodeEditor } from "../codeground/editor.ts";
import { EXAMPLE_SCRIPTS } from "../codeground/examples.ts";
import type { LiveSandbox } from "../codeground/live-sandbox.ts";
import { Sandbox } from "../codeground/sandbox-host.ts";
import { ProblemError } from "../net/auth-api.ts";
import type { CodeApi, DraftInput } from "../net/code-api.ts";
import { requireElement } from "../ui/dom.ts";
import { el } from "../ui/text.ts";
import { viewerMood } from "../viewer-mood.ts";
import type { View } from "./view.ts";
import { buildCodeLayout, button, type CodeLayout } from "./code-layout.ts";

export interface CodeParams {
  id: string | null;
}

/** Typing pauses this long before a save (the server's budget is 120 saves a minute). */
const SAVE_DEBOUNCE_MS = 1200;

/**
 * The Codeground: an editor (CodeMirror), Run and Stop, the canvas (the sandbox) and its
 * console, the caller's drafts and a draft's kept saves, Publish and Fork. `#/code` starts
 * from an example (saved as a new draft on the first edit); `#/code/:id` opens a draft of
 * yours, or someone's published script read-only with Fork.
 */
export class CodeView implements View<CodeParams> {
  readonly #root = requireElement("code-page", HTMLElement);
  #ui: CodeLayout | null = null;
  #editor: CodeEditor | null = null;
  #sandbox: Sandbox | null = null;
  #unfollowMood: () => void = () => undefined;
  #panel: ConsolePanel | null = null;
  #generation = 0;
  #id: string | null = null;
  #draft: DraftView | null = null;
  #version: VersionView | null = null;
  #saveTimer: ReturnType<typeof setTimeout> | null = null;
  #saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly api: CodeApi,
    private readonly live: LiveSandbox,
    private readonly showError: (message: string) => void,
    private readonly closeOverlay: () => void,
  ) {}

  async open({ id }: CodeParams): Promise<void> {
    const ui = this.#mount();
    this.live.release();
    this.#root.hidden = false;
    // The first save of a new draft puts its id in the address; that is not a new page.
    if (id && id === this.#id && this.#sandbox) return;
    await this.#flush();
    const generation = ++this.#generation;
    this.#startSandbox(ui);
    this.#id = id;
    this.#draft = null;
    this.#version = null;
    if (!id) {
      const example = EXAMPLE_SCRIPTS[0];
      this.#show({ title: example?.title ?? "Untitled", description: example?.description ?? "", source: example?.source ?? "" }, false);
    } else {
      try {
        const page = await this.api.page(id);
        if (generation !== this.#generation) return;
        this.#draft = page.draft;
        this.#version = page.latest;
        if (page.draft) this.#show(page.draft, false);
        else if (page.latest) this.#show(page.latest, true);
      } catch (error) {
        if (generation !== this.#generation) return;
        this.#status(error instanceof ProblemError && error.status === 404 ? "No such script (or it is someone's private draft)." : "Could not load the script.");
        this.#show({ title: "", description: "", source: "" }, true);
      }
    }
    this.#refreshMeta();
    await Promise.all([this.#listDrafts(generation), this.#listHistory(generation)]);
  }

  async close(): Promise<void> {
    this.#generation++;
    await this.#flush();
    this.#unfollowMood();
    this.#sandbox?.destroy();
    this.#sandbox = null;
    this.#root.hidden = true;
  }

  #mount(): CodeLayout {
    if (this.#ui) return this.#ui;
    const ui = this.build();
    this.#ui = ui;
    this.#editor = new CodeEditor(ui.editorHost);
    this.#editor.onChange(() => this.#scheduleSave());
    for (const input of [ui.title, ui.description]) input.addEventListener("input", () => this.#scheduleSave());
    ui.run.addEventListener("click", () => this.#run());
    ui.stop.addEventListener("click", () => this.#sandbox?.stop());
    ui.publish.addEventListener("click", () => void this.#publish());
    ui.unpublish.addEventListener("click", () => void this.#unpublish());
    ui.fork.addEventListener("click", () => void this.#fork());
    ui.fromExample.addEventListener("click", () => void this.#newFromExample());
    return ui;
  }

  /** The page's elements, made once; every text from data goes in as text. */
  build(): CodeLayout {
    return buildCodeLayout(this.#root, () => this.closeOverlay());
  }

  #startSandbox(ui: CodeLayout): void {
    this.#unfollowMood();
    this.#sandbox?.destroy();
    ui.consoleBox.replaceChildren();
    this.#panel = new ConsolePanel(ui.consoleBox);
    // Scripts read the viewer's live mood: their avatar's, while the world is open beneath.
    const box = new Sandbox(ui.sandboxBox, { mood: viewerMood.current, title: "Script output" });
    this.#unfollowMood = viewerMood.subscribe((mood) => box.setMood(mood));
    box.onConsole((lines) => this.#panel?.append(lines));
    box.onStatus((s) => {
      this.#root.dataset.state = s.kind === "ended" ? `ended:${s.reason}` : s.kind;
      if (s.kind === "running") delete this.#root.dataset.frames;
      if (s.kind === "ended" && s.reason === "error") this.#editor?.markError(s.message, s.at);
    });
    box.onFirstFrame(() => {
      this.#root.dataset.frames = "drawn";
    });
    this.#sandbox = box;
  }

  #show(content: { title: string; description: string; source: string }, readOnly: boolean): void {
    const ui = this.#ui;
    if (!ui || !this.#editor) return;
    ui.title.value = content.title;
    ui.description.value = content.description;
    ui.title.readOnly = readOnly;
    ui.description.readOnly = readOnly;
    this.#editor.load(content.source, readOnly);
    this.#root.dataset.mode = readOnly ? "read" : "edit";
  }

  #refreshMeta(): void {
    const ui = this.#ui;
    if (!ui) return;
    const owner = !!this.#draft || !this.#id;
    const creditLine = this.#draft?.credit?.line ?? this.#version?.credit?.line ?? "";
    ui.credit.textContent = creditLine;
    ui.credit.hidden = !creditLine;
    ui.tree.hidden = !this.#id;
    if (this.#id) ui.tree.href = `#/code/${encodeURIComponent(this.#id)}/tree`;
    ui.publish.hidden = !owner;
    ui.unpublish.hidden = !this.#draft?.published;
    ui.fork.hidden = owner || !this.#version;
    const published = this.#draft?.latestVersion ?? this.#version?.number ?? 0;
    const forks = this.#draft?.forkCount ?? this.#version?.forkCount ?? 0;
    const by = this.#version && !this.#draft ? ` by @${this.#version.author}` : "";
    this.#status(published ? `v${published}${by} · ${forks} ${forks === 1 ? "fork" : "forks"}${this.#draft && !this.#draft.published ? " · unpublished" : ""}` : owner ? "draft" : "");
  }

  #status(text: string): void {
    if (this.#ui) this.#ui.saveStatus.textContent = text;
  }

  #run(): void {
    if (!this.#sandbox || !this.#editor) return;
    this.#panel?.clear();
    this.#editor.clearErrors();
    this.#sandbox.run(this.#editor.source);
  }

  #input(): DraftInput {
    const ui = this.#ui;
    return { title: ui?.title.value || "Untitled", description: ui?.description.value ?? "", source: this.#editor?.source ?? "" };
  }

  #scheduleSave(): void {
    if (this.#root.dataset.mode !== "edit") return;
    if (this.#saveTimer) clearTimeout(this.#saveTimer);
    this.#status("editing…");
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = null;
      this.#saving = this.#saving.then(() => this.#save());
    }, SAVE_DEBOUNCE_MS);
  }

  /** Saves now if a save is waiting (before publishing, leaving or switching drafts). */
  async #flush(): Promise<void> {
    if (this.#saveTimer) {
      clearTimeout(this.#saveTimer);
      this.#saveTimer = null;
      this.#saving = this.#saving.then(() => this.#save());
    }
    await this.#saving;
  }

  async #save(): Promise<void> {
    const input = this.#input();
    try {
      if (!this.#id) {
        const draft = await this.api.create(input);
        this.#id = draft.id;
        this.#draft = draft;
        history.replaceState(null, "", `#/code/${encodeURIComponent(draft.id)}`);
        this.#root.dataset.saved = String(draft.seq);
        void this.#listDrafts(this.#generation);
      } else if (this.#draft) {
        const saved = await this.api.save(this.#id, input).catch(async (error: unknown) => {
          // Another save landed first (another tab): ours is newer, so save again once.
          if (error instanceof ProblemError && error.status === 409) return this.api.save(this.#id as string, input);
          throw error;
        });
        this.#draft = { ...this.#draft, ...input, seq: saved.seq, updatedAt: saved.savedAt };
        this.#root.dataset.saved = String(saved.seq);
      }
      this.#refreshMeta();
      this.#status(`saved · ${this.#ui?.saveStatus.textContent ?? ""}`);
      void this.#listHistory(this.#generation);
    } catch (error) {
      this.#status("not saved");
      this.showError(error instanceof ProblemError ? `Not saved: ${error.message}` : "Not saved: the server could not be reached.");
    }
  }

  async #publish(): Promise<void> {
    await this.#flush();
    if (!this.#id) return;
    const preview = await this.#capturePreview();
    try {
      const version = await this.api.publish(this.#id, preview);
      this.#version = version;
      if (this.#draft) this.#draft = { ...this.#draft, published: true, latestVersion: version.number, latestVersionId: version.id };
      this.#refreshMeta();
      this.#root.dataset.published = String(version.number);
      void this.#listDrafts(this.#generation);
    } catch (error) {
      this.#refreshMeta();
      this.showError(error instanceof ProblemError ? error.message : "Could not publish.");
    }
  }

  /**
   * The card's still: the draft runs once more in this page's sandbox (the same one Run
   * uses; a visible frame, so its animation frames are not throttled) and the sandbox
   * hands back a PNG of its canvas. Null when that fails: the card then shows no image.
   */
  async #capturePreview(): Promise<Uint8Array | null> {
    if (!this.#sandbox || !this.#editor) return null;
    this.#status("taking a picture for the card…");
    this.#panel?.clear();
    this.#editor.clearErrors();
    this.#sandbox.run(this.#editor.source);
    const png = await this.#sandbox.capture();
    this.#root.dataset.preview = png ? "captured" : "none";
    return png;
  }

  async #unpublish(): Promise<void> {
    if (!this.#id) return;
    try {
      await this.api.unpublish(this.#id);
      if (this.#draft) this.#draft = { ...this.#draft, published: false };
      this.#refreshMeta();
    } catch (error) {
      this.showError(error instanceof ProblemError ? error.message : "Could not unpublish.");
    }
  }

  async #fork(): Promise<void> {
    const version = this.#version;
    if (!version) return;
    try {
      const draft = await this.api.fork(version.id);
      location.hash = `#/code/${encodeURIComponent(draft.id)}`;
    } catch (error) {
      this.showError(error instanceof ProblemError ? error.message : "Could not fork.");
    }
  }

  async #newFromExample(): Promise<void> {
    const example = EXAMPLE_SCRIPTS.find((e) => e.id === this.#ui?.examples.value) ?? EXAMPLE_SCRIPTS[0];
    if (!example) return;
    try {
      const draft = await this.api.create({ title: example.title, description: example.description, source: example.source });
      location.hash = `#/code/${encodeURIComponent(draft.id)}`;
    } catch (error) {
      this.showError(error instanceof ProblemError ? error.message : "Could not create a draft.");
    }
  }

  async #listDrafts(generation: number): Promise<void> {
    const list = await this.api.mine().catch(() => null);
    if (!list || generation !== this.#generation || !this.#ui) return;
    this.#ui.drafts.replaceChildren(
      ...list.drafts.map((d) => {
        const li = el("li");
        const a = el("a", d.title);
        a.href = `#/code/${encodeURIComponent(d.id)}`;
        li.append(a, el("span", d.published ? ` v${d.latestVersion}` : " draft", "muted"));
        if (d.id === this.#id) li.className = "current";
        return li;
      }),
    );
    if (list.drafts.length === 0) this.#ui.drafts.append(el("li", "No drafts yet: edit the example to start one.", "muted"));
  }

  async #listHistory(generation: number): Promise<void> {
    const ui = this.#ui;
    if (!ui) return;
    if (!this.#id || !this.#draft) {
      ui.history.replaceChildren();
      return;
    }
    const id = this.#id;
    const list = await this.api.history(id).catch(() => null);
    if (!list || generation !== this.#generation || id !== this.#id) return;
    ui.history.replaceChildren(
      ...list.saves.map((s) => {
        const li = el("li");
        li.dataset.seq = String(s.seq);
        const restore = button("Restore", "restore");
        restore.addEventListener("click", () => void this.#restore(id, s.seq));
        li.append(el("span", `save ${s.seq} · ${new Date(s.savedAt).toLocaleTimeString()} · ${s.bytes} B `), restore);
        return li;
      }),
    );
  }

  async #restore(id: string, seq: number): Promise<void> {
    await this.#flush();
    try {
      const draft = await this.api.restore(id, seq);
      if (id !== this.#id) return;
      this.#draft = draft;
      this.#show(draft, false);
      this.#refreshMeta();
      this.#root.dataset.saved = String(draft.seq);
      await this.#listHistory(this.#generation);
    } catch (error) {
      this.showError(error instanceof ProblemError ? error.message : "Could not restore that save.");
    }
  }
}
