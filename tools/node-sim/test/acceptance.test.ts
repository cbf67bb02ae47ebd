import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { ok } from './helpers.js';
import {
  PASSWORD_VALUE,
  VERSION,
  mesosSpecs,
  scaleioSpecs,
  startWorld,
  why,
  type World,
} from './acceptance-setup.js';

const SYSTEM = 'scaleio-accept';

const NODES = [
  { id: 'u1', os: 'ubuntu-20.04' as const, instanceId: 'i-u1' },
  { id: 'r1', os: 'rhel-7' as const, instanceId: 'i-r1', mesosLayout: 'flags-file' as const },
  { id: 't1', os: 'rhel-8' as const },
];

const allSpecs = (w: World) => {
  const mdms = [w.ip('u1'), w.ip('r1')];
  return {
    t1: scaleioSpecs(w, 'tiebreaker', mdms).filter(
      (s) => s.component === 'prereqs' || s.component === 'mdm',
    ),
    u1: [
      ...scaleioSpecs(w, 'primary', mdms),
      {
        component: 'mdm-cluster' as const,
        role: 'primary' as const,
        params: {
          systemName: SYSTEM,
          primary: { ip: w.ip('u1') },
          managers: [{ ip: w.ip('r1') }],
          tiebreakers: [{ ip: w.ip('t1') }],
        },
      },
      ...mesosSpecs(w, 'deb', { layout: 'mesos-slave-dir' }, SYSTEM),
    ],
    r1: [
      ...scaleioSpecs(w, 'secondary', mdms),
      ...mesosSpecs(w, 'rpm', { layout: 'flags-file', path: '/etc/default/mesos-slave' }, SYSTEM),
    ],
  };
};

/** Every file under a directory, recursively. */
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });

test('every component plan reaches its state on Ubuntu and RHEL, and a re-run applies nothing', async () => {
  const w = await startWorld(NODES);
  try {
    const specs = allSpecs(w);
    // The tiebreaker's and r1's ScaleIO parts first (the cluster step on u1 adds their MDMs as
    // standbys), then u1's whole plan and r1's Mesos wiring, in parallel.
    const started = Date.now();
    const [t1, r1a] = await Promise.all([
      w.apply('t1', specs.t1),
      w.apply('r1', specs.r1.slice(0, 6)),
    ]);
    assert.ok(t1.ok, why(t1));
    assert.ok(r1a.ok, why(r1a));
    const [u1, r1] = await Promise.all([w.apply('u1', specs.u1), w.apply('r1', specs.r1)]);
    assert.ok(u1.ok, why(u1));
    assert.ok(r1.ok, why(r1));
    const firstRunMs = Date.now() - started;
    assert.ok(u1.applied > 10, `u1 applied ${u1.applied} steps`);

    // node-sim: packages, services, files.
    const u = ok(w.sim.node('u1'));
    const r = ok(w.sim.node('r1'));
    const upk = ok(u.packages());
    const rpk = ok(r.packages());
    for (const c of ['mdm', 'sds', 'sdc', 'lia', 'gateway']) {
      // A per-release .deb carries its release in its version ("2.0-5014.0.Ubuntu.14.04").
      assert.is(
        upk[`emc-scaleio-${c}`]?.version,
        c === 'gateway' ? VERSION : `${VERSION}.Ubuntu.20.04`,
        `u1 ${c}`,
      );
      assert.is(rpk[`EMC-ScaleIO-${c}`]?.version, '2.0', `r1 ${c}`);
    }
    for (const p of ['libaio1', 'zip', 'unzip', 'rexray', 'dvdcli'])
      assert.ok(upk[p] !== undefined, `u1 has ${p}`);
    for (const p of ['libaio', 'zip', 'unzip', 'rexray', 'dvdcli', 'java-1.8.0-openjdk'])
      assert.ok(rpk[p] !== undefined, `r1 has ${p}`);
    for (const node of [u, r]) {
      const sv = ok(node.services());
      for (const s of ['mdm', 'sds', 'scini', 'lia', 'scaleio-gateway', 'rexray', 'mesos-slave'])
        assert.ok(sv[s]?.active === true, `${node.config.id}: ${s} is running`);
      assert.ok((sv['mesos-slave']?.restarts ?? 0) >= 1, 'the agent was restarted');
      const props =
        node.readFile(
          '/opt/emc/scaleio/gateway/webapps/ROOT/WEB-INF/classes/gatewayUser.properties',
        ) ?? '';
      assert.match(props, new RegExp(`^mdm\\.ip\\.addresses=${w.ip('u1')},${w.ip('r1')}$`, 'm'));
      assert.match(props, /^security\.bypass_certificate_check=true$/m);
      const rex = parse(node.readFile('/etc/rexray/config.yml') ?? '') as {
        scaleio: Record<string, unknown>;
      };
      assert.equal(
        [
          rex.scaleio['systemName'],
          rex.scaleio['protectionDomainName'],
          rex.scaleio['storagePoolName'],
          rex.scaleio['password'],
        ],
        [SYSTEM, 'pd1', 'sp1', PASSWORD_VALUE],
      );
      assert.is(
        node.readFile('/bin/emc/scaleio/drv_cfg.txt')?.trim(),
        `mdm ${w.ip('u1')},${w.ip('r1')}`,
      );
      assert.ok(node.readFile('/usr/lib/libmesos_dvdi_isolator-1.0.1.so') !== undefined);
      assert.match(
        node.readFile('/usr/lib/dvdi-mod.json') ?? '',
        /com_emccode_mesos_DockerVolumeDriverIsolator/,
      );
    }
    assert.is(
      u.readFile('/etc/mesos-slave/isolation')?.trim(),
      'cgroups/cpu,cgroups/mem,com_emccode_mesos_DockerVolumeDriverIsolator',
    );
    assert.is(u.readFile('/etc/mesos-slave/modules')?.trim(), 'file:///usr/lib/dvdi-mod.json');
    assert.match(
      r.readFile('/etc/default/mesos-slave') ?? '',
      /^MESOS_ISOLATION=cgroups\/cpu,cgroups\/mem,com_emccode_mesos_DockerVolumeDriverIsolator$/m,
    );
    assert.match(
      r.readFile('/etc/default/mesos-slave') ?? '',
      /^MESOS_MASTER=zk:\/\/10\.0\.0\.2:2181\/mesos$/m,
      'other flags kept',
    );

    // scaleio-sim: the 3-node MDM cluster, named; both SDSs online with their disks; both SDCs.
    const st = w.sio.state();
    assert.is(st.system.name, SYSTEM);
    assert.is(st.mdmCluster?.mode, 'ThreeNodes');
    assert.equal(st.mdmCluster?.master.ips, [w.ip('u1')]);
    assert.equal(
      st.mdmCluster?.slaves.map((m) => m.ips[0]),
      [w.ip('r1')],
    );
    assert.equal(
      st.mdmCluster?.tieBreakers.map((m) => m.ips[0]),
      [w.ip('t1')],
    );
    for (const id of ['u1', 'r1']) {
      const n = st.nodes.find((x) => x.ip === w.ip(id));
      assert.is(n?.sdsService, 'running', `${id} SDS online`);
      assert.equal(
        n?.devices.map((d) => d.path),
        ['/dev/xvdb', '/dev/xvdc'],
      );
    }
    assert.equal(st.sdcs.map((s) => s.ip).sort(), [w.ip('r1'), w.ip('u1')].sort());

    // Running every plan again applies nothing.
    const count = (): number =>
      ['u1', 'r1', 't1'].reduce((n, id) => n + ok(ok(w.sim.node(id)).calls()).length, 0);
    const callsBefore = count();
    const againStarted = Date.now();
    const reruns = await Promise.all(
      Object.entries(specs).map(async ([id, s]) => [id, await w.apply(id, s)] as const),
    );
    for (const [id, rep] of reruns) {
      assert.ok(rep.ok, why(rep));
      assert.is(
        rep.applied,
        0,
        `${id}: ${rep.steps
          .filter((x) => x.outcome !== 'already-done')
          .map((x) => x.stepId)
          .join(', ')}`,
      );
    }
    console.log(
      `acceptance: first run ${callsBefore} tool calls in ${firstRunMs} ms; re-run ${count() - callsBefore} calls in ${Date.now() - againStarted} ms`,
    );

    // No secret in anything recorded: tool call lines, outputs, node-sim's own files, host logs, reports.
    for (const id of ['u1', 'r1', 't1']) {
      const root = ok(w.sim.node(id)).config.root;
      const calls = ok(ok(w.sim.node(id)).calls());
      for (const c of calls) {
        // The real scli takes passwords as arguments only; node-sim records them masked.
        assert.not.ok(
          c.argv.join(' ').includes(PASSWORD_VALUE),
          `${id}: secret on the command line of: ${c.argv.slice(0, 3).join(' ')} …`,
        );
        assert.not.ok(
          (c.stdout + c.stderr).includes(PASSWORD_VALUE),
          `${id}: secret in the output of ${c.argv.slice(0, 3).join(' ')}`,
        );
      }
      for (const f of walk(join(root, 'sim')))
        assert.not.ok(readFileSync(f, 'utf8').includes(PASSWORD_VALUE), `secret in ${f}`);
    }
    assert.not.ok(JSON.stringify(w.events).includes(PASSWORD_VALUE), 'secret in the host log');
    const scli = ok(ok(w.sim.node('u1')).calls()).filter((c) => c.tool === 'scli');
    assert.ok(
      scli.some((c) => c.argv.join(' ') === 'scli --login --username admin --password ***'),
      'the password went to scli as its --password argument',
    );
    assert.ok(w.events.length > 50);
  } finally {
    await w.stop();
  }
});

test.run();
