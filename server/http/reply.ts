import type { HttpResponse } from "./types.ts";

/** A JSON reply; name the wire type (`json<WallPage>(200, page)`) so the body is checked against it. */
export function json<T>(status: number, data: T, headers: Record<string, string> = {}): HttpResponse {
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
