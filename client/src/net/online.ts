/**
 * The browser's word that it has no network (`navigator.onLine`). A socket whose network
 * went away still looks open until a heartbeat fails, and what is written to it meanwhile
 * is lost or arrives late; this answers at once. Never true outside a browser.
 */
export function isOffline(): boolean {
  return globalThis.navigator?.onLine === false;
}

/** Calls `changed` whenever the browser goes offline or back online; returns the unsubscribe. */
export function onNetworkChange(changed: () => void): () => void {
  window.addEventListener("offline", changed);
  window.addEventListener("online", changed);
  return () => {
    window.removeEventListener("offline", changed);
    window.removeEventListener("online", changed);
  };
}
