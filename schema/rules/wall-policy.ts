/**
 * Who may post on a wall, in words. One sentence set, read by the server (its refusal)
 * and the client (the editor's choices, the sentence that replaces the post box), so the
 * place it is set and the place it refuses say the same thing.
 *
 * "following" means the people the wall's OWNER follows: following someone does not let
 * you write on their wall; being followed by them does.
 */
import type { WALL_POLICIES } from "../messages/social.ts";

export type WallPolicy = (typeof WALL_POLICIES)[number];

/** The owner's choices, as the profile editor lists them (first person: the owner reads them). */
export const WALL_POLICY_CHOICES: Record<WallPolicy, string> = {
  everyone: "Everyone signed in",
  following: "Only people I follow",
  nobody: "Only me",
};

/** What each choice means, shown under the editor's select. */
export const WALL_POLICY_HELP: Record<WallPolicy, string> = {
  everyone: "Anyone with an account can post, reply and react on your wall.",
  following:
    "Only people you follow can post, reply and react on your wall. People who follow you but whom you do not follow cannot.",
  nobody: "Nobody but you can post, reply or react on your wall.",
};

/** Who may post, said on the wall itself: "Only people @ann follows can post here." */
export function wallPolicySentence(policy: WallPolicy, owner: string): string {
  switch (policy) {
    case "everyone":
      return "Everyone signed in can post here.";
    case "following":
      return `Only people @${owner} follows can post here.`;
    case "nobody":
      return `Only @${owner} can post here.`;
  }
}

/** Why this caller may not write here (the server's refusal and the sentence replacing the post box). */
export function wallRefusal(policy: WallPolicy, owner: string, callerFollowsOwner: boolean): string {
  const rule = wallPolicySentence(policy, owner);
  if (policy === "following") {
    return callerFollowsOwner ? `${rule} You follow @${owner}, but @${owner} does not follow you.` : `${rule} @${owner} does not follow you.`;
  }
  return rule;
}
