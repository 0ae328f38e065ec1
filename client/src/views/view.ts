/**
 * One page of the app (the world, a profile, the feed; later a Song, the Codeground).
 * A view owns what it opens (its room connection, renderer, timers) and releases all of
 * it in `close()`. The router calls `open` with the params of the address; `open` may be
 * called again with other params while open, and `close` may come while `open` is still
 * awaiting: a view must end up closed then (never a connection left behind).
 */
export interface View<P> {
  open(params: P): Promise<void>;
  close(): Promise<void>;
}
