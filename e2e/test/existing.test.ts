// `--mode existing`: a ScaleIO system already runs outside Mesos (MDM cluster, protection domain,
// pool and SDSs on other hosts, and one agent that already is an SDS); the real scheduler joins
// the Mesos agents to it as SDSs and SDCs with the volume wiring, adopts the SDS it finds on an
// agent, and leaves the MDM cluster exactly as it was.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseYaml } from 'yaml';
import { startSimCluster, type SimCluster } from '../src/cluster.js';
import { deployedOrFailed, gatewayDuplicates } from '../src/checks.js';
import { duplicateLaunches } from '../src/mesos-truth.js';
import { assertWireValid } from '../src/wire.js';
import { schedulerRun, waitFor } from '../src/deploy.js';
import { existingModeArgs, provisionExistingSystem } from '../src/existing-system.js';

const TIMEOUT = 150_000;

const nodeOf = (c: SimCluster, host: string) => {
  const r = c.nodes.node(c.nodeIdOf(host));
  if (r._tag === 'Left') throw new Error(`no node for ${host}`);
  return r.right;
};
const right = <A>(r: { _tag: 'Left' } | { _tag: 'Right'; right: A }, what: string): A => {
  if (r._tag === 'Left') throw new Error(what);
  return r.right;
};

test('existing mode: agents become SDSs and SDCs of the running system; its MDM cluster is untouched', async () => {
  const c = await startSimCluster({ agents: 3 });
  const run = schedulerRun(c);
  let sched: Awaited<ReturnType<typeof run.start>> | undefined;
  try {
    const first = nodeOf(c, c.hostnames[0] ?? '').config;
    const sys = await provisionExistingSystem(c.scaleio, {
      agentSds: { ip: first.ip, hostname: first.hostname, disk: '/dev/xvdb' },
    });
    const before = c.scaleio.state();
    assert.ok(before.mdmCluster, 'the existing system has an MDM cluster');
    // An existing system's gateway: the operator pins its certificate.
    const pin = c.scaleio.certificate?.sha256 ?? '';
    sched = await run.start([...existingModeArgs(sys), '--gateway-fingerprint', pin]);
    const status = await waitFor(sched.url, deployedOrFailed, TIMEOUT);
    const s = c.scaleio.state();

    // The MDM cluster is exactly as it was: same id, mode, members and their ids; same system.
    assert.equal(s.mdmCluster, before.mdmCluster);
    assert.equal(s.system, before.system);

    // Every agent is a data node: no MDM role chosen among them.
    assert.equal(
      (status.nodes ?? []).map((n) => n.role),
      ['storage', 'storage', 'storage'],
    );

    // One SDS per agent (the one already on the first agent adopted, not doubled), online, in the
    // given protection domain, beside the three on the MDM hosts.
    const pd = s.protectionDomains.find((p) => p.name === sys.protectionDomain);
    const pool = s.storagePools.find((p) => p.name === sys.storagePool);
    assert.ok(pd && pool);
    assert.is(s.protectionDomains.length, 1, 'no second protection domain');
    assert.is(s.storagePools.length, 1, 'no second storage pool');
    assert.is(s.faultSets.length, 0, 'no fault sets in a domain that had none');
    const agentIps = c.hostnames.map((h) => nodeOf(c, h).config.ip);
    const newSdss = s.sdss.filter((x) => x.ipList.some((i) => agentIps.includes(i.ip)));
    assert.is(newSdss.length, 3);
    assert.is(s.sdss.length, 6);
    assert.ok(
      s.sdss.every((x) => x.online && x.pdId === pd.id),
      'every SDS online in the domain',
    );
    for (const name of sys.sdsNames)
      assert.ok(
        s.sdss.some((x) => x.name === name),
        `pre-existing SDS ${name} kept`,
      );
    assert.ok(
      newSdss.some((x) => x.name === sys.sdsNames[3] && x.ipList[0]?.ip === first.ip),
      'the SDS already on the first agent keeps its name',
    );
    // Each agent's free disks are in the given pool; the old devices are untouched.
    for (const sds of newSdss) {
      const devs = s.devices.filter((d) => d.sdsId === sds.id);
      assert.equal(devs.map((d) => d.path).sort(), ['/dev/xvdb', '/dev/xvdc'], sds.name);
      assert.ok(
        devs.every((d) => d.poolId === pool.id),
        `${sds.name} devices in ${sys.storagePool}`,
      );
    }
    assert.is(s.devices.length, 12);
    for (const d of before.devices)
      assert.equal(
        s.devices.find((x) => x.id === d.id),
        d,
        `device ${d.path} of ${d.sdsId} unchanged`,
      );
    // Nothing in the gateway twice, no task launched twice.
    assert.equal(gatewayDuplicates(c), []);
    assert.equal(duplicateLaunches(c.mesos), [], 'no step ran twice on a node (mesos-sim history)');
    assertWireValid(c.wire);

    // An SDC on every agent, pointed at the existing managers (never the tiebreaker).
    assert.equal(s.sdcs.map((x) => x.ip).sort(), [...agentIps].sort());
    for (const host of c.hostnames) {
      const node = nodeOf(c, host);
      const drv = node.readFile('/bin/emc/scaleio/drv_cfg.txt') ?? '';
      assert.match(drv, sys.mdmIps.join(','), `${host} SDC MDMs`);
      assert.not.match(drv, sys.tiebreakerIp);
      // Only SDS, SDC and the volume wiring were installed: no MDM, tiebreaker, LIA or gateway.
      const pkgs = Object.keys(right(node.packages(), `${host} packages`));
      assert.ok(
        pkgs.some((p) => /scaleio-sds/i.test(p)),
        `${host} SDS package: ${pkgs.join(',')}`,
      );
      assert.ok(
        pkgs.some((p) => /scaleio-sdc/i.test(p)),
        `${host} SDC package`,
      );
      assert.ok(pkgs.includes('rexray') && pkgs.includes('dvdcli'), `${host}: ${pkgs.join(',')}`);
      assert.equal(
        pkgs.filter((p) => /mdm|tb|lia|gateway/i.test(p)),
        [],
        `${host} has no MDM/tiebreaker/LIA/gateway package`,
      );
      const calls = right(node.calls(), `${host} calls`).map((x) => x.argv.join(' '));
      assert.equal(
        calls.filter((x) =>
          /scli .*(create_mdm_cluster|add_standby_mdm|switch_cluster_mode)/.test(x),
        ),
        [],
        `${host} ran no MDM cluster command`,
      );
      // REX-Ray names the existing system (its name read from the gateway, not given), its
      // domain and pool, and the given gateway.
      const cfg = parseYaml(node.readFile('/etc/rexray/config.yml') ?? '') as {
        scaleio?: Record<string, unknown>;
      };
      assert.is(cfg.scaleio?.['systemName'], sys.systemName, host);
      assert.is(cfg.scaleio?.['protectionDomainName'], sys.protectionDomain, host);
      assert.is(cfg.scaleio?.['storagePoolName'], sys.storagePool, host);
      assert.match(String(cfg.scaleio?.['endpoint']), c.scaleio.url.replace('http://', ''));
      // The isolator merged into the agent's flags, and the agent restarted.
      assert.match(
        node.readFile('/etc/mesos-slave/isolation') ?? '',
        'com_emccode_mesos_DockerVolumeDriverIsolator',
      );
      assert.ok(
        calls.some((x) => x.includes('restart') && x.includes('mesos-slave')),
        `${host} agent restarted`,
      );
    }
  } finally {
    await sched?.stop();
    await c.stop();
    run.cleanup();
  }
});

test.run();
