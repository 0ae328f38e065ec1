import type { SongView } from "#schema/messages/song.ts";
import type { ReadingView, SongDetail, SongList, SongSummary, VersionList, VersionSummary, VersionView } from "#schema/replies/song.ts";
import { call } from "./auth-api.ts";

const enc = encodeURIComponent;

/** The Songs' HTTP calls (docs/API.md, "Songs"); mutations carry the CSRF token. */
export class SongApi {
  constructor(private readonly csrf: () => string | undefined) {}

  list(view: SongView): Promise<SongList> {
    return call("GET", `/api/songs?view=${view}`);
  }
  create(title: string): Promise<SongSummary> {
    return call("POST", "/api/songs", { title }, this.csrf());
  }
  detail(id: string): Promise<SongDetail> {
    return call("GET", `/api/songs/${enc(id)}`);
  }
  invite(id: string, username: string): Promise<SongSummary> {
    return call("POST", `/api/songs/${enc(id)}/editors`, { username }, this.csrf());
  }
  removeEditor(id: string, username: string): Promise<SongSummary> {
    return call("DELETE", `/api/songs/${enc(id)}/editors/${enc(username)}`, undefined, this.csrf());
  }
  setWatchable(id: string, watchable: boolean): Promise<SongSummary> {
    return call("PUT", `/api/songs/${enc(id)}/watchable`, { watchable }, this.csrf());
  }
  publish(id: string): Promise<VersionSummary> {
    return call("POST", `/api/songs/${enc(id)}/versions`, undefined, this.csrf());
  }
  versions(id: string): Promise<VersionList> {
    return call("GET", `/api/songs/${enc(id)}/versions`);
  }
  version(versionId: string): Promise<VersionView> {
    return call("GET", `/api/song-versions/${enc(versionId)}`);
  }
  reading(versionId: string): Promise<ReadingView> {
    return call("GET", `/api/song-versions/${enc(versionId)}/reading`);
  }
  choose(versionId: string, choice: string): Promise<ReadingView> {
    return call("POST", `/api/song-versions/${enc(versionId)}/reading/choose`, { choice }, this.csrf());
  }
  restart(versionId: string): Promise<ReadingView> {
    return call("POST", `/api/song-versions/${enc(versionId)}/reading/restart`, undefined, this.csrf());
  }
}
