/**
 * Ports of services that send credentials or data in clear text or are otherwise considered insecure
 * (PCI DSS 1.2.6, HIPAA 164.312(e)(1) transmission security). One list, documented; the README repeats
 * it. Redis is listed because it speaks plain text unless TLS is configured, which a NetworkPolicy
 * cannot show: such a finding asks for a review, not a proof of clear text.
 */
import { PortSet, type Protocol } from '@reachwatch/policy-engine';

export interface InsecurePort {
  protocol: Protocol;
  from: number;
  to: number;
  service: string;
}

export const INSECURE_PORTS: readonly InsecurePort[] = [
  { protocol: 'TCP', from: 20, to: 21, service: 'FTP' },
  { protocol: 'TCP', from: 23, to: 23, service: 'Telnet' },
  { protocol: 'TCP', from: 25, to: 25, service: 'SMTP without TLS' },
  { protocol: 'UDP', from: 69, to: 69, service: 'TFTP' },
  { protocol: 'TCP', from: 80, to: 80, service: 'HTTP (unencrypted)' },
  { protocol: 'TCP', from: 110, to: 110, service: 'POP3' },
  { protocol: 'TCP', from: 143, to: 143, service: 'IMAP' },
  { protocol: 'UDP', from: 161, to: 161, service: 'SNMP v1/v2c' },
  { protocol: 'TCP', from: 389, to: 389, service: 'LDAP (unencrypted)' },
  { protocol: 'TCP', from: 445, to: 445, service: 'SMB' },
  { protocol: 'TCP', from: 512, to: 514, service: 'rexec / rlogin / rsh' },
  { protocol: 'TCP', from: 6379, to: 6379, service: 'Redis (plain text unless TLS is configured)' },
  { protocol: 'TCP', from: 8080, to: 8080, service: 'HTTP alternate (unencrypted)' },
];

/** Every insecure port as one set. */
export const INSECURE_PORT_SET: PortSet = INSECURE_PORTS.reduce(
  (acc, p) => acc.union(PortSet.of(p.protocol, p.from, p.to)),
  PortSet.NONE,
);

/** The insecure services among `ports`, each with the ports of it that are in the set, in list order. */
export function insecureServicesIn(ports: PortSet): { service: string; ports: PortSet }[] {
  const out: { service: string; ports: PortSet }[] = [];
  for (const p of INSECURE_PORTS) {
    const hit = ports.intersect(PortSet.of(p.protocol, p.from, p.to));
    if (!hit.isEmpty()) out.push({ service: p.service, ports: hit });
  }
  return out;
}
