/**
 * Pod IP allocation: each node owns a /24 of the cluster's pod CIDR (as kube-controller-manager's node IPAM
 * hands them out) and pods get the lowest free host address of their node. Freed addresses are reused.
 */
const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function v4ToInt(ip: string): number {
  // The usual form without splitting; anything else takes the general reading below (which accepts more).
  const m = DOTTED_QUAD.exec(ip);
  if (m) {
    const n = ((+m[1] * 256 + +m[2]) * 256 + +m[3]) * 256 + +m[4];
    if (+m[1] <= 255 && +m[2] <= 255 && +m[3] <= 255 && +m[4] <= 255) return n;
  }
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: ${ip}`);
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

export function intToV4(n: number): string {
  return `${Math.floor(n / 16777216) % 256}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

export function parseV4Cidr(cidr: string): { base: number; prefix: number } {
  const [ip, p] = cidr.split('/');
  const prefix = Number(p);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) throw new Error(`not an IPv4 CIDR: ${cidr}`);
  const base = v4ToInt(ip);
  const size = 2 ** (32 - prefix);
  if (base % size !== 0) throw new Error(`CIDR ${cidr} has host bits set`);
  return { base, prefix };
}

/** The i-th /24 of a pod CIDR (a node's range). */
export function nodeRange(podCidr: string, i: number): string {
  const { base, prefix } = parseV4Cidr(podCidr);
  if (prefix > 24) throw new Error(`pod CIDR ${podCidr} must be /24 or larger`);
  if (i >= 2 ** (24 - prefix)) throw new Error(`pod CIDR ${podCidr} has room for ${2 ** (24 - prefix)} nodes, not ${i + 1}`);
  return `${intToV4(base + i * 256)}/24`;
}

interface NodeRange {
  name: string;
  base: number;
  used: Set<number>;
  /** Position in `nodes`. */
  index: number;
}

export class Ipam {
  private readonly nodes: NodeRange[] = [];
  private readonly byName = new Map<string, NodeRange>();
  /** Nodes by the base of their /24, in the order they were added: a release finds its node without a scan. */
  private readonly byBase = new Map<number, NodeRange[]>();
  private cursor = 0;

  addNode(name: string, podCidr: string): void {
    const { base, prefix } = parseV4Cidr(podCidr);
    if (prefix !== 24) return; // only /24 node ranges are allocated from; others are left alone
    const n = { name, base, used: new Set<number>(), index: this.nodes.length };
    this.nodes.push(n);
    this.byName.set(name, n);
    const same = this.byBase.get(base);
    if (same) same.push(n);
    else this.byBase.set(base, [n]);
  }

  nodeNames(): string[] {
    return this.nodes.map((n) => n.name);
  }

  /** The first node added (where pods without a node or an address go), if any. */
  firstNode(): string | undefined {
    return this.nodes[0]?.name;
  }

  /** The nodes whose /24 holds `value`, in the order they were added. */
  private rangesOf(value: number): NodeRange[] {
    return this.byBase.get(value - (value % 256)) ?? [];
  }

  /** Marks an address in use (pods loaded with an IP already). Addresses outside every node range are ignored. */
  reserve(nodeName: string | undefined, ip: string): void {
    const n = nodeName ? this.byName.get(nodeName) : undefined;
    let value: number;
    try {
      value = v4ToInt(ip);
    } catch {
      return; // IPv6 or garbage: not ours to track
    }
    if (n) {
      if (value >= n.base && value < n.base + 256) n.used.add(value - n.base);
      return;
    }
    const r = this.rangesOf(value)[0];
    if (r) r.used.add(value - r.base);
  }

  release(ip: string): void {
    let value: number;
    try {
      value = v4ToInt(ip);
    } catch {
      return;
    }
    for (const r of this.rangesOf(value)) r.used.delete(value - r.base);
  }

  /** A node (the preferred one, else round robin over nodes with room) and the lowest free address on it. */
  allocate(preferredNode?: string): { node: string; ip: string } {
    const preferred = preferredNode ? this.byName.get(preferredNode) : undefined;
    if (preferred) {
      const ip = this.take(preferred);
      if (ip) return ip;
    }
    for (let k = 0; k < this.nodes.length; k++) {
      const ip = this.take(this.nodes[(this.cursor + k) % this.nodes.length]);
      if (ip) return ip;
    }
    throw new Error('no free pod IP left on any node');
  }

  /** The lowest free host address of `n`, now in use; the round robin goes on after `n`. */
  private take(n: NodeRange): { node: string; ip: string } | undefined {
    for (let h = 2; h < 255; h++) {
      if (n.used.has(h)) continue;
      n.used.add(h);
      this.cursor = (n.index + 1) % this.nodes.length;
      return { node: n.name, ip: intToV4(n.base + h) };
    }
    return undefined;
  }
}
