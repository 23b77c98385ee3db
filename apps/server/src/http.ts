import { existsSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { type Auth, appRouter, asClientSafe, createContextInner, internalErrorLogLine } from "@kitflow/api";
import { type Database, statementsSent } from "@kitflow/db";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import sirv from "sirv";
import type { ClientAddress } from "./client-address";
import { leadTodaySeed, readIndexHtml, readTodayChunks, withSeed } from "./lead-page";
import { isCrossSiteMutation, refuseCrossSite, setSecurityHeaders } from "./security";

export interface HttpDeps {
  db: Database;
  auth: Auth;
  publicUrl: string;
  /** Built web app (apps/web/dist); absent in API-only tests. */
  webRoot?: string;
  /** Which peers' X-Forwarded-For is believed (TRUSTED_PROXIES); without it, the peer's own address. */
  clientAddress?: ClientAddress;
  /** Serves /bench/stats: statements sent so far and this process's CPU time (KITFLOW_BENCH_STATS=1). */
  benchStats?: boolean;
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/** The lead's start page; only this address gets the signed-in lead's Today embedded. */
const LEAD_TODAY_PATHS = new Set(["/lead", "/lead/"]);

function contextFor(deps: HttpDeps, req: IncomingMessage, res: ServerResponse) {
  return createContextInner({
    db: deps.db,
    auth: deps.auth,
    publicUrl: deps.publicUrl,
    headers: headersOf(req),
    clientIp: deps.clientAddress
      ? deps.clientAddress.of(req.socket.remoteAddress, req.headers["x-forwarded-for"])
      : (req.socket.remoteAddress ?? "unknown"),
    setCookies: (cookies) => {
      for (const cookie of cookies) res.appendHeader("set-cookie", cookie);
    },
  });
}

/**
 * /lead for a signed-in lead: index.html with their Today already inside, so a first visit on a slow
 * phone renders without waiting for more round trips. Personal, so never stored by any cache (the
 * service worker precaches the plain /index.html instead). False when the page is served plainly.
 */
async function sendLeadPage(deps: HttpDeps & { webRoot: string }, req: IncomingMessage, res: ServerResponse) {
  if (!req.headers.cookie && !req.headers.authorization) return false;
  const seed = await leadTodaySeed(await contextFor(deps, req, res));
  if (!seed) return false;
  const [index, chunks] = await Promise.all([readIndexHtml(deps.webRoot), readTodayChunks(deps.webRoot)]);
  const html = withSeed(index, seed, Date.now(), chunks);
  const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  const body = gzip ? gzipSync(html) : Buffer.from(html);
  res.writeHead(200, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "private, no-store",
    vary: "cookie, accept-encoding",
    "content-length": body.length,
    ...(gzip ? { "content-encoding": "gzip" } : {}),
  });
  res.end(req.method === "HEAD" ? undefined : body);
  return true;
}

export function createRequestListener(deps: HttpDeps) {
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: "/trpc/",
    // Roster spreadsheets are the largest legitimate uploads; anything bigger is refused before parsing.
    maxBodySize: 10 * 1024 * 1024,
    // A failure while resolving the session (the database gone) must not reach the client with its SQL.
    createContext: ({ req, res }) =>
      contextFor(deps, req, res).catch((error: unknown) => {
        throw asClientSafe(error);
      }),
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(internalErrorLogLine(error, path));
    },
  });
  const web =
    deps.webRoot && existsSync(deps.webRoot)
      ? sirv(deps.webRoot, {
          single: true,
          etag: true,
          // Looks files up per request, so a rebuilt web app is served without a restart and a file
          // removed mid-build is a 404 rather than a crashed process.
          dev: true,
          // Serves the .br/.gz files the web build writes beside each asset.
          gzip: true,
          brotli: true,
          // Hashed files never change under their name: cached for good. Everything else (index.html, the
          // service worker sw.js, the web app manifest) is revalidated on every load, so a new version is seen.
          setHeaders: (res, pathname) => {
            const hashed = pathname.startsWith("/assets/") || /^\/workbox-[\w-]+\.js$/.test(pathname);
            res.setHeader("cache-control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
          },
        })
      : undefined;

  return (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    setSecurityHeaders(res);
    if (isCrossSiteMutation(req, path, deps.publicUrl)) {
      refuseCrossSite(res);
      return;
    }
    if (path === "/healthz") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify({ ok: true }));
      return;
    }
    if (deps.benchStats && path === "/bench/stats") {
      const cpu = process.cpuUsage();
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify({ statements: statementsSent(), cpuMicros: cpu.user + cpu.system }));
      return;
    }
    if (path.startsWith("/trpc/")) {
      trpc(req, res);
      return;
    }
    if (web) {
      const serveStatic = () =>
        web(req, res, () => {
          res.writeHead(404, { "content-type": "text/plain" });
          res.end("not found");
        });
      const webRoot = deps.webRoot;
      if (webRoot && LEAD_TODAY_PATHS.has(path) && (req.method === "GET" || req.method === "HEAD")) {
        sendLeadPage({ ...deps, webRoot }, req, res).then(
          (sent) => {
            if (!sent) serveStatic();
          },
          // Whatever failed (an expired session, the database), the plain page still loads and asks itself.
          () => {
            if (!res.headersSent) serveStatic();
          },
        );
        return;
      }
      serveStatic();
      return;
    }
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    res.end("kitflow API: the web app is not built (npm run build)");
  };
}
