import { BlockList, isIP } from "node:net";

/**
 * The address a request came from, for sign-in limits. Behind a reverse proxy every request arrives
 * from the proxy, so its X-Forwarded-For is read, but only when the peer is a configured trusted
 * proxy: anyone else could write any address there and walk past the limits. The header is read
 * from the right (each proxy appends the address it saw), skipping trusted proxies, so a client
 * cannot choose its address by sending the header itself.
 */
export class ClientAddress {
  private readonly trusted = new BlockList();
  private readonly any: boolean;

  /** `proxies`: addresses and CIDR ranges, e.g. ["127.0.0.1", "10.0.0.0/8", "::1"]. */
  constructor(proxies: readonly string[]) {
    this.any = proxies.length > 0;
    for (const entry of proxies) {
      const [address, prefix] = entry.split("/") as [string, string | undefined];
      const family = isIP(address) === 6 ? "ipv6" : "ipv4";
      if (prefix === undefined) this.trusted.addAddress(address, family);
      else this.trusted.addSubnet(address, Number(prefix), family);
    }
  }

  isTrusted(address: string): boolean {
    if (!this.any) return false;
    const plain = unmapped(address);
    const family = isIP(plain);
    if (family === 0) return false;
    return this.trusted.check(plain, family === 6 ? "ipv6" : "ipv4");
  }

  /** The client's address for a request from `peer` carrying `forwardedFor` (X-Forwarded-For, possibly repeated). */
  of(peer: string | undefined, forwardedFor: string | string[] | undefined): string {
    const direct = unmapped(peer ?? "unknown");
    if (!this.isTrusted(direct) || forwardedFor === undefined) return direct;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
      .split(",")
      .map((h) => unmapped(h.trim()))
      .filter((h) => h !== "");
    let client = direct;
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i] as string;
      if (isIP(hop) === 0) break;
      client = hop;
      if (!this.isTrusted(hop)) break;
    }
    return client;
  }
}

/** "::ffff:10.0.0.1" (an IPv4 peer on a dual-stack socket) → "10.0.0.1". */
function unmapped(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** Checks a TRUSTED_PROXIES entry; null when it is an address or CIDR range. */
export function proxyEntryProblem(entry: string): string | null {
  const [address, prefix, ...rest] = entry.split("/");
  const family = isIP(address ?? "");
  if (family === 0 || rest.length > 0) return `"${entry}" is not an IP address or CIDR range`;
  if (prefix === undefined) return null;
  const bits = Number(prefix);
  const max = family === 6 ? 128 : 32;
  return /^\d+$/.test(prefix) && bits <= max ? null : `"${entry}" has a prefix length outside 0–${max}`;
}
