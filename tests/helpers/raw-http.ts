import net from "node:net";

export interface RawAnswer {
  /** 0 when the server closed the connection without an HTTP answer. */
  status: number;
  head: string;
  body: string;
}

/**
 * Sends one HTTP/1.1 request byte for byte over a plain socket: fetch and node:http refuse
 * to send malformed Host headers, which is exactly what the hostile-header tests need.
 * `host: null` sends no Host header at all.
 */
export function rawRequest(
  port: number,
  opts: {
    method?: string;
    path: string;
    host: string | null;
    headers?: string[];
    body?: string;
    /**
     * Resolve as soon as the answer is complete by its own framing (no body for HEAD, 204
     * and 304, else Content-Length bytes) instead of at the server's close: uWS keeps the
     * socket of a bodiless answer open even when the request said Connection: close.
     */
    framed?: boolean;
  },
): Promise<RawAnswer> {
  const lines = [`${opts.method ?? "GET"} ${opts.path} HTTP/1.1`];
  if (opts.host !== null) lines.push(`Host: ${opts.host}`);
  lines.push(...(opts.headers ?? []), "Connection: close");
  if (opts.body !== undefined) lines.push("Content-Type: application/json", `Content-Length: ${Buffer.byteLength(opts.body)}`);
  const payload = `${lines.join("\r\n")}\r\n\r\n${opts.body ?? ""}`;
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error("raw request timed out")));
    socket.on("connect", () => socket.write(payload));
    socket.on("data", (chunk) => {
      chunks.push(chunk);
      if (opts.framed && isComplete(Buffer.concat(chunks).toString("latin1"), opts.method ?? "GET")) socket.destroy();
    });
    socket.on("error", (err) => (String(err).includes("ECONNRESET") ? undefined : reject(err)));
    socket.on("close", () => resolve(parseAnswer(Buffer.concat(chunks).toString("latin1"))));
  });
}

function parseAnswer(text: string): RawAnswer {
  const split = text.indexOf("\r\n\r\n");
  const head = split < 0 ? text : text.slice(0, split);
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
  return { status, head, body: split < 0 ? "" : text.slice(split + 4) };
}

/** True once `text` holds a whole answer by its framing (used with `framed`; chunked bodies are not). */
function isComplete(text: string, method: string): boolean {
  const answer = parseAnswer(text);
  if (!text.includes("\r\n\r\n")) return false;
  if (method === "HEAD" || answer.status === 204 || answer.status === 304) return true;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(answer.head)?.[1];
  return length !== undefined && Buffer.byteLength(answer.body, "latin1") >= Number(length);
}
