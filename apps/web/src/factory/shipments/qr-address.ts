/**
 * The address the delivery note's QR code carries. The server builds it from PUBLIC_URL, which
 * defaults to http://localhost:3000 — an address a lead's phone cannot open. Decision: a configured
 * PUBLIC_URL always wins; when it is a loopback address but this page was opened at a real one
 * (the office PC at http://192.168.1.10:3000), the page's own origin is used instead, since the
 * factory reached the server there and so will a phone on the same network. When both are loopback
 * the note still prints, and the page says plainly that the QR will not open and where to set PUBLIC_URL.
 */

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)$/i;

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname) || hostname.toLowerCase().endsWith(".localhost");
}

export interface QrAddress {
  url: string;
  /** A phone scanning the code cannot reach this address: tell the admin. */
  unreachable: boolean;
}

export function qrAddress(serverPayload: string, pageOrigin: string): QrAddress {
  let payload: URL;
  try {
    payload = new URL(serverPayload);
  } catch {
    return { url: serverPayload, unreachable: false };
  }
  if (!isLoopbackHost(payload.hostname)) return { url: payload.toString(), unreachable: false };
  let page: URL | undefined;
  try {
    page = new URL(pageOrigin);
  } catch {
    page = undefined;
  }
  if (page && !isLoopbackHost(page.hostname)) {
    return { url: new URL(`${payload.pathname}${payload.search}`, page.origin).toString(), unreachable: false };
  }
  return { url: payload.toString(), unreachable: true };
}
