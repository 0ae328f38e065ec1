import type { ChatBroadcast, EmoteBroadcast } from "#schema/messages/space.ts";
import type { SpaceState } from "#schema/state/space.ts";
import type { SpaceMap } from "../../domain/maps.ts";
import type { MessageContext } from "../message-table.ts";
import type { MoodSystem } from "../../domain/space/mood-system.ts";
import type { SpaceWorld } from "../../domain/space/world.ts";
import type { BigFive } from "../../domain/pad/index.ts";

/** The slice of the space room a handler may touch. */
export interface SpaceRoomView {
  state: SpaceState;
  map: SpaceMap;
  world: SpaceWorld;
  mood: MoodSystem;
  /**
   * Sends a chat line to everyone in the space or only to the listed session ids; `keep`
   * stores it in the space's history first (write-through). Lines go out in the order
   * they were posted, stored or not; resolves once sent, rejects when the store failed.
   */
  postChat(message: ChatBroadcast, to: "everyone" | readonly string[], options: { keep: boolean }): Promise<void>;
  /** To everyone, or with interest management to those who see the sender (the target is kept in view first). */
  broadcastEmote(message: EmoteBroadcast): void;
  /**
   * Two people interacted (whisper, targeted emote): with interest management each keeps
   * receiving the other's avatar for a while, however far apart (no-op without it).
   */
  keepInView(a: string, b: string): void;
  /** Write-through: resolves once the personality is stored. */
  savePersonality(userId: string, personality: BigFive): Promise<void>;
}

export type SpaceContext = MessageContext<SpaceRoomView>;
