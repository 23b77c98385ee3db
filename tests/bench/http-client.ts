import { Agent, request } from "node:http";

/**
 * A tiny tRPC-over-HTTP client speaking the plain-JSON wire format (no transformer, no batching),
 * the way any third-party client would: POST /trpc/<path> with the input as the body for mutations,
 * GET /trpc/<path>?input=<JSON> for queries. Connections are kept alive so the bench measures the
 * server, not TCP handshakes.
 */

export class TrpcCallError extends Error {
  constructor(
    readonly path: string,
    /** tRPC code such as BAD_REQUEST or CONFLICT; HTTP_<status> when the body was not tRPC's. */
    readonly code: string,
    readonly httpStatus: number,
    message: string,
  ) {
    super(`${path}: ${code} ${message}`);
  }
}

interface TrpcEnvelope {
  result?: { data?: unknown };
  error?: { message?: string; data?: { code?: string; httpStatus?: number } };
}

export function keepAliveAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

function send(
  agent: Agent,
  url: URL,
  method: "GET" | "POST",
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

export class TrpcHttpClient {
  constructor(
    readonly baseUrl: string,
    private readonly agent: Agent,
    private readonly token?: string,
  ) {}

  /** The same connection pool, acting as the holder of this session token (Authorization: Bearer). */
  as(token: string): TrpcHttpClient {
    return new TrpcHttpClient(this.baseUrl, this.agent, token);
  }

  query<T>(path: string, input?: unknown): Promise<T> {
    const url = new URL(`/trpc/${path}`, this.baseUrl);
    if (input !== undefined) url.searchParams.set("input", JSON.stringify(input));
    return this.call<T>(path, url, "GET");
  }

  mutation<T>(path: string, input?: unknown): Promise<T> {
    return this.call<T>(path, new URL(`/trpc/${path}`, this.baseUrl), "POST", JSON.stringify(input ?? null));
  }

  private async call<T>(path: string, url: URL, method: "GET" | "POST", body?: string): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) {
      headers["content-type"] = "application/json";
      headers["content-length"] = String(Buffer.byteLength(body));
    }
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const { status, text } = await send(this.agent, url, method, headers, body);
    let json: TrpcEnvelope;
    try {
      json = JSON.parse(text) as TrpcEnvelope;
    } catch {
      throw new TrpcCallError(path, `HTTP_${status}`, status, text.slice(0, 200));
    }
    if (json.error) {
      const code = json.error.data?.code ?? `HTTP_${status}`;
      throw new TrpcCallError(path, code, json.error.data?.httpStatus ?? status, json.error.message ?? "");
    }
    if (!json.result) throw new TrpcCallError(path, `HTTP_${status}`, status, "response has neither result nor error");
    return json.result.data as T;
  }
}
