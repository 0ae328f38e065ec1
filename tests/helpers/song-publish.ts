import type { TestAccount } from "./accounts.ts";
import { api } from "./http.ts";
import { leaveQuietly } from "./sdk.ts";
import type { TestServer } from "./server.ts";
import { joinSong } from "./song-room.ts";

/** A small story to publish: Verses (the first is the start) with prose, choices, endings. */
export interface StorySpec {
  title: string;
  verses: { id: string; title: string; prose?: string; ending?: boolean }[];
  choices: { verse: string; id: string; label: string; target: string; condition?: string }[];
}

/**
 * Writes `story` as `owner` through the `song` room (structure as ops, prose as Yjs) and
 * publishes it over HTTP: the readers' tests start from a published version.
 */
export async function publishStory(server: TestServer, owner: TestAccount, story: StorySpec): Promise<{ songId: string; versionId: string }> {
  const created = await api(server, "POST", "/api/songs", owner, { title: story.title });
  if (created.status !== 201) throw new Error(`create song: ${created.status} ${JSON.stringify(created.body)}`);
  const songId = created.body.id as string;
  const w = await joinSong(server, owner.token, songId);
  try {
    await w.init;
    for (const [i, v] of story.verses.entries()) await w.sync.op({ op: "verse.add", id: v.id, title: v.title, x: i * 200, y: 0 });
    for (const c of story.choices) await w.sync.op({ op: "choice.add", ...c });
    for (const v of story.verses) if (v.ending) await w.sync.op({ op: "verse.ending", id: v.id, ending: true });
    for (const v of story.verses) if (v.prose) w.sync.text(v.id).insert(0, v.prose);
    await w.sync.flushed();
  } finally {
    await leaveQuietly(w.room);
  }
  const pub = await api(server, "POST", `/api/songs/${songId}/versions`, owner);
  if (pub.status !== 201) throw new Error(`publish: ${pub.status} ${JSON.stringify(pub.body)}`);
  return { songId, versionId: pub.body.id as string };
}
