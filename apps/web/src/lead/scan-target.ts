const RECEIVE_PATH =
  /(?:^|\/)(receive|lead\/rework)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i;
const BARE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Where a scanned delivery-note QR leads inside this app. The QR holds an absolute URL
 * (…/receive/<shipmentId>, or …/lead/rework/<shipmentId> on a rework note) built from the server's public address, which may differ from the
 * address this phone uses (LAN IP, other host name), so only the path is kept.
 * Returns null for anything that is not a kitflow delivery note.
 */
export function receivePathFromScan(text: string): string | null {
  const trimmed = text.trim();
  if (BARE_ID.test(trimmed)) return `/receive/${trimmed.toLowerCase()}`;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const match = RECEIVE_PATH.exec(url.pathname);
  if (!match?.[2]) return null;
  return match[1]?.toLowerCase() === "receive"
    ? `/receive/${match[2].toLowerCase()}`
    : `/lead/rework/${match[2].toLowerCase()}`;
}
