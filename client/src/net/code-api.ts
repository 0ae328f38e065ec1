import type {
  DraftList,
  DraftView,
  HistoryList,
  RemixTree,
  SaveReply,
  ScriptPage,
  VersionView,
} from "#schema/replies/codeground.ts";
import { call } from "./auth-api.ts";

const enc = encodeURIComponent;

export interface DraftInput {
  title: string;
  description: string;
  source: string;
}

/** The Codeground's HTTP calls (docs/API.md, "Codeground scripts"); mutations carry the CSRF token. */
export class CodeApi {
  constructor(private readonly csrf: () => string | undefined) {}

  mine(): Promise<DraftList> {
    return call("GET", "/api/scripts/mine");
  }
  create(input: DraftInput): Promise<DraftView> {
    return call("POST", "/api/scripts", input, this.csrf());
  }
  page(id: string): Promise<ScriptPage> {
    return call("GET", `/api/scripts/${enc(id)}`);
  }
  save(id: string, input: DraftInput): Promise<SaveReply> {
    return call("PUT", `/api/scripts/${enc(id)}/draft`, input, this.csrf());
  }
  history(id: string): Promise<HistoryList> {
    return call("GET", `/api/scripts/${enc(id)}/history`);
  }
  restore(id: string, seq: number): Promise<DraftView> {
    return call("POST", `/api/scripts/${enc(id)}/history/${seq}/restore`, undefined, this.csrf());
  }
  /** `preview`: the still PNG the sandbox captured (sent base64; the server checks it again). */
  publish(id: string, preview?: Uint8Array | null): Promise<VersionView> {
    return call("POST", `/api/scripts/${enc(id)}/publish`, preview ? { preview: base64Of(preview) } : undefined, this.csrf());
  }
  unpublish(id: string): Promise<void> {
    return call("POST", `/api/scripts/${enc(id)}/unpublish`, undefined, this.csrf());
  }
  version(id: string): Promise<VersionView> {
    return call("GET", `/api/script-versions/${enc(id)}`);
  }
  fork(versionId: string): Promise<DraftView> {
    return call("POST", `/api/script-versions/${enc(versionId)}/fork`, undefined, this.csrf());
  }
  tree(id: string, after?: string): Promise<RemixTree> {
    return call("GET", `/api/scripts/${enc(id)}/tree${after ? `?after=${enc(after)}` : ""}`);
  }
}

/** Bytes as base64, in slices (String.fromCharCode takes a bounded number of arguments). */
function base64Of(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
