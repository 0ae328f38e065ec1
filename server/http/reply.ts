import type { HttpResponse } from "./types.ts";

export function json(status: number, data: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(data),
  };
}

export function text(status: number, body: string, contentType = "text/plain; charset=utf-8"): HttpResponse {
  return { status, headers: { "content-type": contentType }, body };
}

export function noContent(headers: Record<string, string> = {}): HttpResponse {
  return { status: 204, headers };
}
