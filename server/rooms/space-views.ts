import type { Client } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import type { SpaceState } from "#schema/state/space.ts";
import { InterestGrid, type Placed, type ViewChange } from "../domain/space/interest.ts";
import { ViewLeaf, type ViewLeaves } from "./view-patches.ts";

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
  /** Everyone's avatar by session id, as the views hold it (view-patches.ts). */
  readonly #leaves = new Map<string, ViewLeaf>();
  /**
   * The avatars each view holds, kept with every view.add() and view.remove(): what the
   * encoder walks for that view at each patch, with no lookup per avatar.
   */
  readonly #held = new Map<StateView, Set<ViewLeaf>>();
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
    this.#held.set(view, new Set());
    client.view = view;
    this.#apply(this.grid.join(client.sessionId));
    this.pending = true;
  }

  leave(sessionId: string): void {
    this.grid.leave(sessionId);
    const view = this.#views.get(sessionId);
    view?.dispose();
    if (view) this.#held.delete(view);
    // Its avatar leaves the state, and so every view that held it.
    const leaf = this.#leaves.get(sessionId);
    if (leaf) for (const held of this.#held.values()) held.delete(leaf);
    this.#leaves.delete(sessionId);
    this.#views.delete(sessionId);
  }

  /** The avatars a view holds: every view.add() and view.remove() is made in `#apply`, which keeps these. */
  readonly leaves: ViewLeaves = {
    leavesOf: (view) => this.#held.get(view),
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
      const held = this.#held.get(view) as Set<ViewLeaf>;
      const leaf = this.#leafOf(target, avatar);
      if (visible) {
        view.add(avatar);
        held.add(leaf);
      } else {
        view.remove(avatar);
        held.delete(leaf);
      }
    }
  }

  /** The target's leaf, made anew if its avatar is not the one the leaf holds (views hold it in its place). */
  #leafOf(target: string, avatar: object): ViewLeaf {
    const leaf = this.#leaves.get(target);
    if (leaf?.leaf === avatar) return leaf;
    const fresh = new ViewLeaf(avatar);
    if (leaf) {
      for (const held of this.#held.values()) {
        if (held.delete(leaf)) held.add(fresh);
      }
    }
    this.#leaves.set(target, fresh);
    return fresh;
  }
}
