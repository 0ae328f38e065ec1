import type { Client } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import type { SpaceState } from "#schema/state/space.ts";
import { InterestGrid, type Placed, type ViewChange } from "../domain/space/interest.ts";
import type { ViewLeaves } from "./view-patches.ts";

/**
 * One refresh of every view is spread over this many simulation steps, a share of the
 * viewers each (a full pass over 500 people costs about 10 ms of CPU, a quarter of it
 * 2 ms): each view follows its owner within 4 steps, 200 ms at the default 50 ms step.
 * A join is applied in full at the next step, an interaction at once.
 */
export const VIEW_PASS_PARTS = 4;

/**
 * The space room's interest part: one @colyseus/schema StateView per client, kept in step
 * with the pure InterestGrid. The state is SpaceStateInView (its `avatars` map is
 * view-filtered), so a client receives an avatar only while its view holds it; the
 * `people` roster and `roomMood` are unfiltered and reach everyone.
 *
 * Views are kept by session id, not by Client: a reconnecting client gets the same view
 * back (Colyseus copies `client.view` to the new Client), and changes made while it was
 * away apply to it meanwhile.
 */
export class SpaceViews {
  readonly grid: InterestGrid;
  readonly #views = new Map<string, StateView>();
  /** Whose view each one is: the encoder asks which avatars a view may hold (view-patches.ts). */
  readonly #viewers = new Map<StateView, string>();
  /** Everyone's avatar by session id: a plain map, read once per view and seen avatar at each patch. */
  readonly #avatars = new Map<string, object>();
  #part = 0;
  /** A join since the last pass: its neighbours (and it to them) are due at the next tick. */
  pending = false;

  constructor(
    private readonly state: SpaceState,
    radius: number,
  ) {
    this.grid = new InterestGrid(radius);
  }

  /** Call after the avatar is in the state: the client sees itself, neighbours follow at the next pass. */
  join(client: Client): void {
    const view = new StateView();
    this.#views.set(client.sessionId, view);
    this.#viewers.set(view, client.sessionId);
    const avatar = this.state.avatars.get(client.sessionId);
    if (avatar) this.#avatars.set(client.sessionId, avatar);
    client.view = view;
    this.#apply(this.grid.join(client.sessionId));
    this.pending = true;
  }

  leave(sessionId: string): void {
    this.grid.leave(sessionId);
    const view = this.#views.get(sessionId);
    view?.dispose();
    if (view) this.#viewers.delete(view);
    this.#avatars.delete(sessionId);
    this.#views.delete(sessionId);
  }

  /**
   * The avatars a view may hold: those the grid gives its owner. Every view.add() comes
   * from the grid (`#apply`), so this covers whatever the view sees.
   */
  readonly leaves: ViewLeaves = {
    keysOf: (view) => {
      const viewer = this.#viewers.get(view);
      return viewer === undefined ? undefined : this.grid.seenBy(viewer);
    },
    leaf: (sessionId) => this.#avatars.get(sessionId),
  };

  /** A whisper or targeted emote: both stay in each other's view for a while. */
  pin(a: string, b: string, now: number): void {
    this.#apply(this.grid.pin(a, b, now));
  }

  /**
   * Whether this step should recompute views: after a join, and at every step while
   * someone moves (`moving`; the room's 1 s pass counts too, so pins expire in a still room).
   */
  wanted(moving: boolean): boolean {
    return this.pending || moving;
  }

  /** Recomputes who sees whom: everyone after a join, else the next share of the viewers. */
  pass(positions: readonly Placed[], now: number): void {
    if (this.pending) {
      this.pending = false;
      this.#apply(this.grid.update(positions, now));
      return;
    }
    this.#part = (this.#part + 1) % VIEW_PASS_PARTS;
    this.#apply(this.grid.update(positions, now, this.#part, VIEW_PASS_PARTS));
  }

  /** Whether a pin may still be in force: its expiry needs the room's every-second pass. */
  get pinning(): boolean {
    return this.grid.pinning;
  }

  /** Session ids of the clients that receive `target`'s avatar now. */
  viewersOf(target: string): string[] {
    return this.grid.viewersOf(target);
  }

  #apply(changes: readonly ViewChange[]): void {
    for (const { viewer, target, visible } of changes) {
      const view = this.#views.get(viewer);
      const avatar = this.state.avatars.get(target);
      if (!view || !avatar) continue;
      if (visible) view.add(avatar);
      else view.remove(avatar);
    }
  }
}
