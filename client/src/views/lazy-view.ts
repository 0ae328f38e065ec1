import type { View } from "./view.ts";

/**
 * A view whose code is fetched the first time it opens (`import()` in `load`), so the
 * landing page never downloads it (issue 12 #14: the sign-up form waited for Phaser,
 * CodeMirror and every page). Open and close keep the View contract: a close that comes
 * while the code is still loading waits for it and closes the view. A failed load (the
 * chunk could not be fetched) is forgotten, so the next open tries again.
 */
export function lazyView<P>(load: () => Promise<View<P>>): View<P> {
  let loading: Promise<View<P>> | null = null;
  const loaded = (): Promise<View<P>> => {
    loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };
  return {
    open: async (params) => (await loaded()).open(params),
    close: async () => {
      if (!loading) return;
      const view = await loading.catch(() => null);
      await view?.close();
    },
  };
}
