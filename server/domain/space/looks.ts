import type { AvatarLook } from "#schema/rules/avatar-look.ts";
import type { SpaceState } from "#schema/state/space.ts";

/**
 * Puts a look on every avatar of one person in this space (a person may sit in a space
 * from two tabs). Only fields that change are written, so an unchanged look sends no patch.
 * Returns how many avatars changed.
 */
export function dressPerson(state: SpaceState, userId: string, look: AvatarLook): number {
  let changed = 0;
  state.avatars.forEach((avatar) => {
    if (avatar.userId !== userId) return;
    if (avatar.shape === look.shape && avatar.color === look.color && avatar.accessory === look.accessory) return;
    avatar.shape = look.shape;
    avatar.color = look.color;
    avatar.accessory = look.accessory;
    changed++;
  });
  return changed;
}
