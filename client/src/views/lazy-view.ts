import type { View } from "./view.ts";

/**
 * A view whose code is fetched the first time it opens (`import()` in `load`), so the
 * landing page never downloads it (issue 12 #14: the sign-up form waited for Phaser,
 * CodeMirror and every page). Open and close keep the View contract: a close that comes
 * while the code is still loading waits for it and closes the view. A failed load (the
 * chunk could not be fetched: offline, or a page older than the deploy) goes to `failed`
 * and is forgotten, so the next open tries again.
 */
export function lazyView<P>(load: () => Promise<View<P>>, failed: (error: unknown) => void): View<P> {
  let loading: Promise<View<P>> | null = null;
  const loaded = (): Promise<View<P>> => {
    loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };
  return {
    open: async (params) => {
      let view: View<P>;
      try {
        view = await loaded();
      } catch (error) {
        failed(error);
        return;
      }
      await view.open(params);
    },
    close: async () => {
      if (!loading) return;
      const view = await loading.catch(() => null);
      await view?.close();
    },
  };
}

/** What a person reads when a view's code could not be fetched. */
export const VIEW_LOAD_FAILED = "This page could not be loaded (offline, or NeoSpace was just updated). Reload the page.";
