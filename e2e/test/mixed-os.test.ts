// A cluster of the OSes the original targeted and the newer ones together: CentOS 7, Ubuntu
// 14.04, 18.04, RHEL 8 and 22.04, plus an Ubuntu 14.04 agent still on its 3.13 kernel, for which
// the ScaleIO 2.0 SDC has no scini module. Judged from node-sim's and scaleio-sim's records.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OS_TABLE, UTIL_LINUX } from '@scaleio-framework/node-sim';
import type { SimCluster } from '../src/cluster.js';
import { waitFor, withClusterRun } from '../src/deploy.js';
import type { StatusDoc } from '../src/deploy-watch.js';

const MIX = ['centos-7', 'ubuntu-14.04', 'ubuntu-18.04', 'rhel-8', 'ubuntu-22.04'];
/** Ubuntu 14.04's own kernel (3.13), not the 4.4.0-38 the SDC module is built for. */
const OLD_KERNEL = '3.13.0-170-generic';
const TIMEOUT = 300_000;

const callsOf = (c: SimCluster, host: string) => {
  const node = c.nodes.node(c.nodeIdOf(host));
  if (node._tag === 'Left') throw new Error(`no node for ${host}`);
  const calls = node.right.calls();
  return calls._tag === 'Right' ? calls.right : [];
};

/** Every node but the old-kernel one is done, and that one failed. */
const settled = (bad: string) => (s: StatusDoc) => {
  const nodes = s.nodes ?? [];
  return (
    nodes.length === 6 &&
    nodes.every((n) => (n.hostname === bad ? n.status === 'failed' : n.phase === 'done'))
  );
};

test('CentOS 7, Ubuntu 14.04/18.04/22.04 and RHEL 8 deploy together; an uncovered kernel fails alone, named', async () => {
  const t0 = Date.now();
  await withClusterRun(
    {
      agents: 6,
      os: [...MIX, 'ubuntu-14.04'],
      kernelOf: (i) => (i === 5 ? OLD_KERNEL : undefined),
    },
    async ({ c, sched }) => {
      const bad = c.hostnames[5] ?? '';
      const status = await waitFor(sched.url, settled(bad), TIMEOUT);
      console.log(`mixed-os: settled in ${Math.round((Date.now() - t0) / 1000)} s`);
      // The status names the node that failed and its kernel.
      const failed = (status.nodes ?? []).find((n) => n.hostname === bad);
      assert.match(
        failed?.lastError ?? '',
        new RegExp(`running kernel ${OLD_KERNEL.replace(/\./g, '\\.')}`),
      );
      // The rest is a working ScaleIO system, in scaleio-sim's own records.
      const s = c.scaleio.state();
      assert.is(s.mdmCluster?.mode, 'ThreeNodes');
      const good = c.hostnames.filter((h) => h !== bad);
      const ips = (h: string) => c.nodes.nodes.find((n) => n.hostname === h)?.ip ?? '';
      assert.equal(
        s.sdcs.map((x) => x.ip).sort(),
        good.map(ips).sort(),
        'an SDC on every node whose kernel the module covers, none on the other',
      );
      assert.ok(s.sdss.filter((x) => x.online).length >= 5, 'SDSs online');
      // Every node used only what its OS has: no lsblk -J where util-linux lacks it, initctl only
      // for upstart jobs, no tool that is not there (the wrappers record every call).
      for (const host of c.hostnames) {
        const row = OS_TABLE.find((r) => r.os === c.osOf(host));
        if (row === undefined) throw new Error(`no facts for ${c.osOf(host)}`);
        for (const call of callsOf(c, host)) {
          const line = call.argv.join(' ');
          if (call.tool === 'lsblk')
            assert.ok(
              UTIL_LINUX[row.utilLinux].json !== 'none' || !call.argv.includes('-J'),
              `${host}: ${line}`,
            );
          if (call.tool === 'initctl')
            assert.is(
              row.units[call.argv.at(-1) as keyof typeof row.units],
              'upstart',
              `${host}: ${line}`,
            );
          assert.not.match(
            call.stderr,
            /invalid option|Unknown job|unrecognized service/,
            `${host}: ${line}`,
          );
        }
      }
      // Ubuntu 14.04 ran the MDM-side jobs with initctl and scini as a SysV script.
      const trusty = c.hostnames.find((h) => h !== bad && c.osOf(h) === 'ubuntu-14.04') ?? '';
      const lines = callsOf(c, trusty).map((x) => x.argv.join(' '));
      assert.ok(lines.includes('service scini status'), 'scini via service on 14.04');
      assert.ok(
        lines.some((l) => l.startsWith('initctl ') && l.endsWith(' mesos-slave')),
        'agent job',
      );
      assert.not.match(JSON.stringify(status), c.password);
    },
    (run) => run.start(['--max-attempts', '2']),
  );
});

test.run();
