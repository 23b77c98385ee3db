import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Where the browser may load from. The app and its chunks are same-origin; Leaflet draws tiles as images
 * from the optional base layers (apps/web/src/map/baseLayers.ts: Tianditu, Gaode, OpenStreetMap), QR codes
 * and icons are data: images, the QR scanner and the service worker run as same-origin or blob: workers.
 * Inline styles stay allowed because Leaflet and the charts position elements with style attributes.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https://*.tianditu.gov.cn https://*.is.autonavi.com https://tile.openstreetmap.org",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Sent with every response, the API's included: nothing of kitflow may be framed, sniffed or leak its URLs. */
export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader("content-security-policy", CONTENT_SECURITY_POLICY);
  res.setHeader("x-frame-options", "DENY");
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("referrer-policy", "same-origin");
  res.setHeader("cross-origin-opener-policy", "same-origin");
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const GUARDED_PATHS = ["/trpc/", "/api/auth/"];

/**
 * A state-changing API request a browser sends on behalf of another site (a hidden form, a fetch from a
 * hostile page) carries the user's cookie; it is refused. Browsers say where a request comes from with
 * Sec-Fetch-Site and Origin; a request with neither comes from a plain HTTP client (curl, a script with a
 * bearer token), which no other site can make in the user's name.
 */
export function isCrossSiteMutation(req: IncomingMessage, path: string, publicUrl: string): boolean {
  if (SAFE_METHODS.has(req.method ?? "GET")) return false;
  if (!GUARDED_PATHS.some((prefix) => path.startsWith(prefix))) return false;
  if (req.headers["sec-fetch-site"] === "cross-site") return true;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  return !isOwnOrigin(origin, req.headers.host, publicUrl);
}

/** The server's own origin: the one people are told to use (PUBLIC_URL), or the host the request was sent to. */
function isOwnOrigin(origin: string, host: string | undefined, publicUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    // "null" (a sandboxed frame, a file:// page) and anything unreadable is nobody's own origin.
    return false;
  }
  if (url.origin === new URL(publicUrl).origin) return true;
  return host !== undefined && url.host === host.toLowerCase();
}

export function refuseCrossSite(res: ServerResponse): void {
  res.writeHead(403, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(
    JSON.stringify({
      error: { message: "cross-site request refused", code: -32003, data: { code: "FORBIDDEN", httpStatus: 403 } },
    }),
  );
}
