import { describe, expect, it } from 'vitest';
import { cli } from './helpers';

describe('reachwatch explain', () => {
  it('lol-yahoo → lol-default on TCP 80 is allowed', async () => {
    const r = await cli(['explain', 'lol', '--from', 'yahoo/lol-yahoo', '--to', 'default/lol-default', '--port', 'TCP/80']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^ALLOWED: /);
    expect(r.stdout).toContain('allow-lol-yahoo-lol-default');
  });

  it('miao-yahoo → lol-default is denied: names default-deny-ingress and the app: lol-yahoo requirement; still exit 0', async () => {
    const r = await cli(['explain', 'lol', '--from', 'yahoo/miao-yahoo', '--to', 'default/lol-default', '--port', '80']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^DENIED: /);
    expect(r.stdout).toContain('default-deny-ingress');
    expect(r.stdout).toMatch(/app[:=] ?lol-yahoo/);
    expect(r.stdout).toContain('allow-lol-yahoo-lol-default');
  });

  it('from an IP address', async () => {
    const r = await cli(['explain', 'lol', '--from', '203.0.113.7', '--to', 'default/lol-default', '--port', 'TCP/80']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^DENIED: /);
    expect(r.stdout).toContain('CNI profile');
  });

  it('a workload with several pods: the first by name, and it says so', async () => {
    const r = await cli(['explain', 'several-pods', '--from', 'app/client-7d9f', '--to', 'app/server', '--port', 'TCP/80']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Note: app/client-7d9f[ReplicaSet] has 2 pods; explaining the first by name, client-7d9f-a.');
  });

  it('bad arguments: exit 2', async () => {
    const port = await cli(['explain', 'lol', '--from', 'yahoo/lol-yahoo', '--to', 'default/lol-default', '--port', 'TCP/eighty']);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('invalid --port "TCP/eighty"');
    expect(port.stderr).toContain('e.g. --port TCP/8080');
    const who = await cli(['explain', 'lol', '--from', 'yahoo/miao', '--to', 'default/lol-default', '--port', 'TCP/80']);
    expect(who.code).toBe(2);
    expect(who.stderr).toContain('unknown workload "yahoo/miao" for --from. Did you mean: yahoo/miao-yahoo');
    const missing = await cli(['explain', 'lol', '--from', 'yahoo/miao-yahoo', '--port', 'TCP/80']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing --to');
    const ips = await cli(['explain', 'lol', '--from', '1.2.3.4', '--to', '5.6.7.8', '--port', 'TCP/80']);
    expect(ips.code).toBe(2);
  });
});
