import type { SpaceState } from "#schema/state/space.ts";
import type { SpaceMap } from "../../domain/maps.ts";
import type { MessageContext } from "../../rooms/guarded-room.ts";

/** The slice of the space room a handler may touch. */
export interface SpaceRoomView {
  state: SpaceState;
  map: SpaceMap;
}

export type SpaceContext = MessageContext<SpaceRoomView>;
