/**
 * Which addresses and host names an outgoing request must never reach: loopback, private,
 * link-local, CGNAT, unspecified, multicast/reserved, cloud metadata, IPv6
 * transition addresses that reach them (NAT64, 6to4, Teredo), and names that
 * only mean something inside a network. The crawler, the flow HTTP node,
 * webhook deliveries and every outgoing AI provider request share these rules.
 */

/** Parses an IPv4 literal, including the legacy decimal/hex/octal and shortened forms (`2130706433`, `0x7f.1`, `0177.0.0.1`). */
export function parseIpv4(host: string): number | null {
  const parts = host.split(".");
  if (parts.length < 1 || parts.length > 4 || parts.some((p) => p === "")) return null;
  const nums: number[] = [];
  for (const p of parts) {
    let n: number;
    if (/^0x[0-9a-f]*$/i.test(p)) n = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]+$/.test(p)) n = parseInt(p, 8);
    else if (/^(0|[1-9]\d*)$/.test(p)) n = parseInt(p, 10);
    else return null;
    if (!Number.isFinite(n)) return null;
    nums.push(n);
  }
  const last = nums.pop()!;
  if (nums.some((n) => n > 255)) return null;
  if (last >= 256 ** (4 - nums.length)) return null;
  let value = 0;
  for (const n of nums) value = value * 256 + n;
  return value * 256 ** (4 - nums.length) + last;
}

const V4_BLOCKED: [number, number][] = [
  ["0.0.0.0", 8], // "this" network, 0.0.0.0
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // CGNAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata 169.254.169.254
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
].map(([ip, bits]) => [parseIpv4(ip as string)!, bits as number]);

export function isBlockedIpv4(value: number): boolean {
  return V4_BLOCKED.some(([base, bits]) => Math.floor(value / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits)));
}

/** Parses an IPv6 literal (without brackets) into 8 16-bit groups; handles `::` and a trailing dotted IPv4. */
export function parseIpv6(input: string): number[] | null {
  let host = input.toLowerCase();
  const zone = host.indexOf("%");
  if (zone >= 0) host = host.slice(0, zone);
  if (!/^[0-9a-f:.]+$/.test(host) || !host.includes(":")) return null;
  const lastColon = host.lastIndexOf(":");
  const maybeV4 = host.slice(lastColon + 1);
  if (maybeV4.includes(".")) {
    const v4 = parseIpv4(maybeV4);
    if (v4 === null || !/^\d+\.\d+\.\d+\.\d+$/.test(maybeV4)) return null;
    host = `${host.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const halves = host.split("::");
  if (halves.length > 2) return null;
  const parse = (s: string) => (s ? s.split(":") : []).map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if ([...head, ...rest].some((n) => Number.isNaN(n))) return null;
  const total = head.length + rest.length;
  if (halves.length === 1 && total !== 8) return null;
  if (halves.length === 2 && total > 7) return null;
  return [...head, ...new Array<number>(8 - total).fill(0), ...rest];
}

export function isBlockedIpv6(g: number[]): boolean {
  const [a, b, c, d, e, f, g6, h] = g as [number, number, number, number, number, number, number, number];
  const zeroPrefix = a === 0 && b === 0 && c === 0 && d === 0 && e === 0;
  if (zeroPrefix && f === 0) return true; // ::, ::1, IPv4-compatible ::a.b.c.d
  if (zeroPrefix && f === 0xffff) return true; // IPv4-mapped ::ffff:a.b.c.d
  if (a === 0x64 && b === 0xff9b) return isBlockedIpv4(g6 * 65536 + h); // NAT64 of a blocked v4
  if ((a & 0xfe00) === 0xfc00) return true; // unique local fc00::/7 (incl. fd00:ec2::254)
  if ((a & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((a & 0xffc0) === 0xfec0) return true; // site-local (deprecated)
  if ((a & 0xff00) === 0xff00) return true; // multicast
  if (a === 0x2001 && b === 0x0db8) return true; // documentation
  if (a === 0x2001 && b === 0x0000) return true; // Teredo 2001::/32 (tunnels to an obfuscated IPv4 anywhere)
  if (a === 0x2002) return isBlockedIpv4(b * 65536 + c); // 6to4 2002::/16 embeds an IPv4 in bits 16–47
  if (a === 0x0100 && b === 0 && c === 0 && d === 0) return true; // discard-only 100::/64
  return false;
}

/** True if `address` (a resolved IP, v4 or v6) must not be fetched. Unparseable answers are refused too. */
export function isBlockedAddress(address: string): boolean {
  const v4 = /^[0-9.]+$/.test(address) ? parseIpv4(address) : null;
  if (v4 !== null) return isBlockedIpv4(v4);
  const v6 = parseIpv6(address.replace(/^\[|\]$/g, ""));
  if (v6) return isBlockedIpv6(v6);
  return true;
}

const BLOCKED_NAMES = new Set(["localhost", "metadata", "metadata.google.internal", "instance-data", "kubernetes.default"]);

/**
 * Checks a URL host without DNS: IP literals in blocked ranges, internal-only
 * names, single-label names. Returns "ip" when the host is a (safe) literal
 * that needs no resolution, "name" when it must still be resolved, or
 * "blocked".
 */
export function classifyHost(hostname: string): "ip" | "name" | "blocked" {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (!host) return "blocked";
  if (host.startsWith("[") || host.includes(":")) {
    const v6 = parseIpv6(host.replace(/^\[|\]$/g, ""));
    return v6 && !isBlockedIpv6(v6) ? "ip" : "blocked";
  }
  const v4 = /^[0-9a-fx.]+$/i.test(host) ? parseIpv4(host) : null;
  if (v4 !== null) return isBlockedIpv4(v4) ? "blocked" : "ip";
  if (/^[0-9.]+$/.test(host)) return "blocked"; // numeric but not a valid address
  if (BLOCKED_NAMES.has(host)) return "blocked";
  if (/\.(localhost|local|internal|intranet|lan|home\.arpa|corp)$/.test(host)) return "blocked";
  if (!host.includes(".")) return "blocked"; // single-label names resolve through local search domains
  return "name";
}

const METADATA_NAMES = new Set(["metadata", "metadata.google.internal", "instance-data", "kubernetes.default"]);

/**
 * What stays refused even when an owner allows a self-hosted endpoint on a
 * private network: link-local (cloud metadata lives there), "this" network,
 * multicast/reserved, and metadata host names.
 */
export function isAlwaysBlockedHost(hostOrAddress: string): boolean {
  const host = hostOrAddress.toLowerCase().replace(/\.$/, "").replace(/^\[|\]$/g, "");
  if (METADATA_NAMES.has(host)) return true;
  const v4 = /^[0-9a-fx.]+$/i.test(host) ? parseIpv4(host) : null;
  if (v4 !== null) {
    const a = Math.floor(v4 / 2 ** 24);
    const b = Math.floor(v4 / 2 ** 16) % 256;
    return a === 0 || a >= 224 || (a === 169 && b === 254);
  }
  const v6 = host.includes(":") ? parseIpv6(host) : null;
  if (v6) {
    const [a, b, , , , f, g, h] = v6 as [number, number, number, number, number, number, number, number];
    if ((a & 0xffc0) === 0xfe80 || (a & 0xff00) === 0xff00) return true;
    if (a === 0xfd00 && b === 0x0ec2) return true; // AWS metadata over IPv6
    if (v6.slice(0, 5).every((x) => x === 0) && f === 0xffff) return isAlwaysBlockedHost(`${g >> 8}.${g & 255}.${h >> 8}.${h & 255}`);
  }
  return false;
}
