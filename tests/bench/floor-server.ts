/**
 * The cheapest servers the stack allows, for the bench's floors: `http` answers every request with a
 * fixed tRPC-shaped JSON body from node:http alone; `trpc` serves one query that returns a constant
 * through the same tRPC adapter kitflow uses, with no context, session or database. Run as
 * `node --import tsx tests/bench/floor-server.ts <http|trpc> <port>`; /healthz answers ok.
 */
import { createServer, type RequestListener } from "node:http";
import { argv } from "node:process";
import { initTRPC } from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";

const [mode, port] = argv.slice(2);

function trpcListener(): RequestListener {
  const t = initTRPC.create();
  const router = t.router({ ping: t.procedure.query(() => ({ ok: true })) });
  const handler = createHTTPHandler({ router, basePath: "/trpc/" });
  return (req, res) => {
    if (req.url === "/healthz") return void res.end("ok");
    handler(req, res);
  };
}

const bareListener: RequestListener = (req, res) => {
  if (req.url === "/healthz") return void res.end("ok");
  res.writeHead(200, { "content-type": "application/json" });
  res.end('{"result":{"data":{"ok":true}}}');
};

if (mode !== "http" && mode !== "trpc") throw new Error(`mode must be http or trpc, got ${mode}`);
createServer(mode === "trpc" ? trpcListener() : bareListener).listen(Number(port), "127.0.0.1");
