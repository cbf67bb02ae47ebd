import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageName, startNodeSim } from '../src/index.js';
import { fetchInto, ok, pairs, run, ubuntuDeb, withSim } from './helpers.js';

test('exports its package name', () => {
  assert.is(packageName, '@scaleio-framework/node-sim');
});

test('rejects a bad spec with a clear error value', async () => {
  const r = await startNodeSim({ nodes: [{ id: 'a', os: 'windows' as 'rhel-7' }] });
  assert.is(r._tag, 'Left');
  if (r._tag === 'Left') {
    assert.is(r.left._tag, 'InvalidSpec');
    assert.match(r.left.message, /windows/);
  }
  const dup = await startNodeSim({
    nodes: [
      { id: 'a', os: 'rhel-7' },
      { id: 'a', os: 'rhel-8' },
    ],
  });
  assert.is(dup._tag === 'Left' && dup.left.message, 'node id a is used twice');
});

test('node roots carry os-release, hostname and the OS tools only', () =>
  withSim(async (sim) => {
    const u = ok(sim.node('u1'));
    const r = ok(sim.node('r1'));
    assert.match(u.readFile('/etc/os-release') ?? '', /ID="ubuntu"\nID_LIKE="debian"/);
    assert.match(u.readFile('/etc/os-release') ?? '', /VERSION_ID="20.04"/);
    assert.match(r.readFile('/etc/os-release') ?? '', /ID="rhel"/);
    assert.match(r.readFile('/etc/redhat-release') ?? '', /release 7\.9/);
    assert.is((await run(sim, 'u1', ['uname', '-r'])).stdout, '5.4.0-182-generic\n');
    assert.is((await run(sim, 'r1', ['hostname'])).stdout, 'r1\n');
    assert.is((await run(sim, 'r1', ['hostname', '-I'])).stdout, `${r.config.ip}\n`);
    // No dpkg on RHEL, no rpm on Ubuntu, no scli before the MDM package: like the real hosts.
    assert.ok((await run(sim, 'r1', ['dpkg', '-s', 'x'])).error?.includes('ENOENT'));
    assert.ok((await run(sim, 'u1', ['rpm', '-q', 'x'])).error?.includes('ENOENT'));
    assert.ok((await run(sim, 'u1', ['scli', '--query_cluster'])).error?.includes('ENOENT'));
  }));

test('lsblk -J -b and blkid describe the node devices like util-linux', () =>
  withSim(async (sim) => {
    const out = await run(sim, 'u1', [
      'lsblk',
      '-J',
      '-b',
      '-o',
      'NAME,SIZE,TYPE,MOUNTPOINT,FSTYPE',
    ]);
    assert.is(out.code, 0);
    const doc = JSON.parse(out.stdout) as {
      blockdevices: {
        name: string;
        size: number;
        type: string;
        children?: { name: string; mountpoint: string }[];
      }[];
    };
    assert.equal(
      doc.blockdevices.map((d) => [d.name, d.type, d.size]),
      [
        ['xvda', 'disk', 8 * 1024 ** 3],
        ['xvdb', 'disk', 100 * 1024 ** 3],
        ['xvdc', 'disk', 100 * 1024 ** 3],
        ['loop0', 'loop', 64 * 1024 ** 2],
      ],
    );
    assert.is(doc.blockdevices[0]?.children?.[0]?.mountpoint, '/');
    const b = await run(sim, 'u1', ['blkid']);
    assert.is(b.code, 0);
    assert.match(b.stdout, /^\/dev\/xvda1: UUID="[0-9a-f-]+" TYPE="ext4"$/m);
    assert.match(b.stdout, /\/dev\/loop0: .*TYPE="squashfs"/);
    assert.not.match(b.stdout, /xvdb/);
    assert.is((await run(sim, 'u1', ['blkid', '/dev/xvdb'])).code, 2);
    const nv = pairs(
      (await run(sim, 'r1', ['lsblk', '-P', '-b', '-d', '-o', 'NAME,SIZE,SERIAL'])).stdout,
    );
    assert.equal(
      nv.map((d) => d['NAME']),
      ['nvme0n1', 'nvme1n1', 'nvme2n1'],
    );
  }));

test('dpkg and apt-get keep package state; every call is recorded with env keys only', () =>
  withSim(async (sim) => {
    const u = ok(sim.node('u1'));
    const q = await run(sim, 'u1', ['dpkg', '-s', 'zip']);
    assert.is(q.code, 1);
    assert.match(q.stderr, /package 'zip' is not installed/);
    const noYes = await run(sim, 'u1', ['apt-get', 'install', 'zip']);
    assert.is(noYes.code, 1, 'apt-get without -y aborts');
    const inst = await run(sim, 'u1', ['apt-get', '-y', 'install', 'libaio1', 'zip'], {
      env: { DEBIAN_FRONTEND: 'noninteractive' },
    });
    assert.is(inst.code, 0);
    assert.match(inst.stdout, /0 upgraded, 2 newly installed/);
    assert.match(
      (await run(sim, 'u1', ['apt-get', '-y', 'install', 'zip'])).stdout,
      /0 newly installed/,
    );
    assert.is(
      (await run(sim, 'u1', ['apt-get', '-y', 'install', 'emc-scaleio-sds'])).code,
      100,
      'ScaleIO is not in distro repos',
    );
    await fetchInto(sim, 'u1', ubuntuDeb('sds'), '/var/cache/x/sds.deb');
    const i = await run(sim, 'u1', ['dpkg', '-i', '/var/cache/x/sds.deb']);
    assert.is(i.code, 0, i.stderr);
    const s = await run(sim, 'u1', ['dpkg', '-s', 'emc-scaleio-sds']);
    assert.match(s.stdout, /^Status: install ok installed$/m);
    assert.match(s.stdout, /^Version: 2\.0-10000\.2072\.Ubuntu\.20\.04$/m);
    assert.is(
      (await run(sim, 'u1', ['dpkg-query', '-W', '-f=${Version}', 'emc-scaleio-sds'])).stdout,
      '2.0-10000.2072.Ubuntu.20.04',
    );
    assert.is((await run(sim, 'u1', ['systemctl', 'is-active', 'sds'])).stdout, 'active\n');
    assert.is(ok(u.packages())['emc-scaleio-sds']?.source, 'file');
    const calls = ok(u.calls());
    const apt = calls.find((c) => c.argv.join(' ') === 'apt-get -y install libaio1 zip');
    assert.ok(apt !== undefined);
    assert.ok(apt.envKeys.includes('DEBIAN_FRONTEND'));
    assert.ok(apt.envKeys.includes('PATH'));
    assert.not.match(JSON.stringify(calls), /noninteractive/, 'env values are never recorded');
    assert.ok(calls.every((c) => typeof c.startedAt === 'string' && c.durationMs >= 0));
  }));

test('rpm and yum: install, query format, refuse a reinstall, upgrade', () =>
  withSim(async (sim) => {
    await fetchInto(sim, 'r1', 'EMC-ScaleIO-sds-2.0-10000.2072.el7.x86_64.rpm', '/tmp/sds.rpm');
    await fetchInto(sim, 'r1', 'EMC-ScaleIO-sds-2.0-13000.211.el7.x86_64.rpm', '/tmp/sds-new.rpm');
    const q = await run(sim, 'r1', [
      'rpm',
      '-q',
      '--queryformat',
      '%{VERSION}-%{RELEASE}\\n',
      'EMC-ScaleIO-sds',
    ]);
    assert.is(q.code, 1);
    assert.is(q.stdout, 'package EMC-ScaleIO-sds is not installed\n');
    assert.is((await run(sim, 'r1', ['rpm', '-Uvh', '/tmp/sds.rpm'])).code, 0);
    assert.is(
      (
        await run(sim, 'r1', [
          'rpm',
          '-q',
          '--queryformat',
          '%{VERSION}-%{RELEASE}\\n',
          'EMC-ScaleIO-sds',
        ])
      ).stdout,
      '2.0-10000.2072.el7\n',
    );
    const again = await run(sim, 'r1', ['rpm', '-Uvh', '/tmp/sds.rpm']);
    assert.is(again.code, 1);
    assert.match(again.stderr, /is already installed/);
    assert.is((await run(sim, 'r1', ['rpm', '-Uvh', '/tmp/sds-new.rpm'])).code, 0);
    assert.is(
      (await run(sim, 'r1', ['rpm', '-q', 'EMC-ScaleIO-sds'])).stdout,
      'EMC-ScaleIO-sds-2.0-13000.211.el7.x86_64\n',
    );
    const svc = ok(ok(sim.node('r1')).services())['sds'];
    assert.equal(
      [svc?.active, svc?.restarts],
      [true, 1],
      'an upgrade restarts the running service',
    );
    assert.match(
      (await run(sim, 'r1', ['yum', '-y', 'install', 'libaio', 'zip'])).stdout,
      /Complete!/,
    );
    assert.match((await run(sim, 'r1', ['yum', '-y', 'install', 'zip'])).stdout, /Nothing to do/);
    const bad = await run(sim, 'r1', ['rpm', '-Uvh', '/tmp/missing.rpm']);
    assert.is(bad.code, 1);
  }));

test('packages check what their install scripts need: TOKEN, GATEWAY_ADMIN_PASSWORD', () =>
  withSim(async (sim) => {
    await fetchInto(sim, 'u1', ubuntuDeb('lia'), '/tmp/lia.deb');
    const no = await run(sim, 'u1', ['dpkg', '-i', '/tmp/lia.deb']);
    assert.is(no.code, 1);
    assert.match(no.stderr, /TOKEN environment variable/);
    assert.is(
      ok(ok(sim.node('u1')).packages())['emc-scaleio-lia'],
      undefined,
      'a failed install leaves nothing installed',
    );
    const yes = await run(sim, 'u1', ['dpkg', '-i', '/tmp/lia.deb'], {
      env: { TOKEN: 'S3cret-Token!' },
    });
    assert.is(yes.code, 0);
    const u = ok(sim.node('u1'));
    assert.not.match(
      readFileSync(join(u.config.root, 'opt/emc/scaleio/lia/cfg/conf.txt'), 'utf8'),
      /S3cret/,
    );
    assert.not.match(readFileSync(join(u.config.root, 'sim/calls.jsonl'), 'utf8'), /S3cret/);
  }));

test.run();
