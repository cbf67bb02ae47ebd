import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageName, startNodeSim, type NodeSim } from '../src/index.js';
import { fetchInto, ok, run } from './helpers.js';

const start = async (): Promise<NodeSim> =>
  ok(
    await startNodeSim({
      nodes: [
        { id: 'u1', os: 'ubuntu-20.04', instanceId: 'i-u1' },
        {
          id: 'r1',
          os: 'rhel-7',
          instanceId: 'i-r1',
          deviceNaming: 'nvme',
          mesosLayout: 'flags-file',
        },
      ],
    }),
  );

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

test('node roots carry os-release, hostname and the OS tools only', async () => {
  const sim = await start();
  try {
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
  } finally {
    await sim.stop();
  }
});

test('lsblk -J -b and blkid describe the node devices like util-linux', async () => {
  const sim = await start();
  try {
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
    const nv = JSON.parse(
      (await run(sim, 'r1', ['lsblk', '-J', '-b', '-d', '-o', 'NAME,SIZE,SERIAL'])).stdout,
    ) as {
      blockdevices: { name: string; serial: string | null }[];
    };
    assert.equal(
      nv.blockdevices.map((d) => d.name),
      ['nvme0n1', 'nvme1n1', 'nvme2n1'],
    );
  } finally {
    await sim.stop();
  }
});

test('dpkg and apt-get keep package state; every call is recorded with env keys only', async () => {
  const sim = await start();
  try {
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
    await fetchInto(
      sim,
      'u1',
      'EMC-ScaleIO-sds-2.0-10000.2072.Ubuntu.20.04.x86_64.deb',
      '/var/cache/x/sds.deb',
    );
    const i = await run(sim, 'u1', ['dpkg', '-i', '/var/cache/x/sds.deb']);
    assert.is(i.code, 0, i.stderr);
    const s = await run(sim, 'u1', ['dpkg', '-s', 'emc-scaleio-sds']);
    assert.match(s.stdout, /^Status: install ok installed$/m);
    assert.match(s.stdout, /^Version: 2\.0-10000\.2072$/m);
    assert.is(
      (await run(sim, 'u1', ['dpkg-query', '-W', '-f=${Version}', 'emc-scaleio-sds'])).stdout,
      '2.0-10000.2072',
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
  } finally {
    await sim.stop();
  }
});

test('rpm and yum: install, query format, refuse a reinstall, upgrade', async () => {
  const sim = await start();
  try {
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
  } finally {
    await sim.stop();
  }
});

test('packages check what their install scripts need: TOKEN, GATEWAY_ADMIN_PASSWORD', async () => {
  const sim = await start();
  try {
    await fetchInto(
      sim,
      'u1',
      'EMC-ScaleIO-lia-2.0-10000.2072.Ubuntu.20.04.x86_64.deb',
      '/tmp/lia.deb',
    );
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
  } finally {
    await sim.stop();
  }
});

test('systemctl: unknown units fail like systemd; rexray refuses to start before scini', async () => {
  const sim = await start();
  try {
    const nf = await run(sim, 'r1', ['systemctl', 'start', 'nope']);
    assert.is(nf.code, 5);
    assert.match(nf.stderr, /Unit nope\.service not found/);
    await fetchInto(sim, 'r1', 'rexray-0.11.4-1.x86_64.rpm', '/tmp/rexray.rpm');
    assert.is((await run(sim, 'r1', ['rpm', '-Uvh', '/tmp/rexray.rpm'])).code, 0);
    assert.is(
      (await run(sim, 'r1', ['systemctl', 'is-active', 'rexray'])).code,
      3,
      'installed, not started',
    );
    const early = await run(sim, 'r1', ['systemctl', 'start', 'rexray']);
    assert.is(early.code, 1);
    assert.match(early.stderr, /scini/);
    assert.is((await run(sim, 'r1', ['systemctl', 'restart', 'mesos-slave'])).code, 0);
    assert.is(ok(ok(sim.node('r1')).services())['mesos-slave']?.restarts, 1);
  } finally {
    await sim.stop();
  }
});

test('rexray starts only after scini and with a config.yml without duplicate keys', async () => {
  const sim = await start();
  try {
    await fetchInto(
      sim,
      'u1',
      'EMC-ScaleIO-sdc-2.0-10000.2072.Ubuntu.20.04.x86_64.deb',
      '/tmp/sdc.deb',
    );
    await fetchInto(sim, 'u1', 'rexray_0.11.4-1_amd64.deb', '/tmp/rexray.deb');
    assert.is((await run(sim, 'u1', ['dpkg', '-i', '/tmp/sdc.deb', '/tmp/rexray.deb'])).code, 0);
    const u = ok(sim.node('u1'));
    mkdirSync(join(u.config.root, 'etc/rexray'), { recursive: true });
    writeFileSync(
      join(u.config.root, 'etc/rexray/config.yml'),
      'libstorage:\n  service: scaleio\nlibstorage:\n  service: scaleio\n',
    );
    const dup = await run(sim, 'u1', ['systemctl', 'start', 'rexray']);
    assert.is(dup.code, 1);
    assert.match(dup.stderr, /Map keys must be unique/);
    writeFileSync(
      join(u.config.root, 'etc/rexray/config.yml'),
      'libstorage:\n  service: scaleio\n',
    );
    assert.is((await run(sim, 'u1', ['systemctl', 'start', 'rexray'])).code, 0);
    assert.is(ok(u.services())['rexray']?.active, true);
  } finally {
    await sim.stop();
  }
});

test('the Mesos agent refuses to restart with an isolator no module provides', async () => {
  const sim = await start();
  try {
    const u = ok(sim.node('u1'));
    const iso = join(u.config.root, 'etc/mesos-slave/isolation');
    writeFileSync(iso, 'cgroups/cpu,com_emccode_mesos_DockerVolumeDriverIsolator\n');
    const r = await run(sim, 'u1', ['systemctl', 'restart', 'mesos-slave']);
    assert.is(r.code, 1);
    assert.match(r.stderr, /unknown isolator com_emccode_mesos_DockerVolumeDriverIsolator/);
    assert.is(ok(u.services())['mesos-slave']?.active, false);
  } finally {
    await sim.stop();
  }
});

test('failure injection: a command fails once, then works; the call log says which fault fired', async () => {
  const sim = await start();
  try {
    const u = ok(sim.node('u1'));
    const id = ok(
      u.failCommand({
        tool: 'apt-get',
        argsInclude: ['install'],
        stderr: 'E: Could not get lock /var/lib/dpkg/lock',
        exitCode: 100,
      }),
    );
    assert.is(
      (await run(sim, 'u1', ['apt-get', 'update'])).code,
      0,
      'a call that does not match is untouched',
    );
    const first = await run(sim, 'u1', ['apt-get', '-y', 'install', 'zip']);
    assert.equal([first.code, first.stderr], [100, 'E: Could not get lock /var/lib/dpkg/lock\n']);
    assert.is((await run(sim, 'u1', ['apt-get', '-y', 'install', 'zip'])).code, 0);
    const calls = ok(u.calls());
    assert.equal(
      calls.map((c) => c.injectedFault),
      [null, id, null],
    );
    ok(u.failCommand({ tool: 'uname', times: 'always' }));
    assert.is((await run(sim, 'u1', ['uname'])).code, 1);
    assert.is((await run(sim, 'u1', ['uname'])).code, 1);
    ok(u.clearFaults());
    assert.is((await run(sim, 'u1', ['uname'])).code, 0);
  } finally {
    await sim.stop();
  }
});

test('the repository serves files with sha256, and injects 404s and corrupted bytes', async () => {
  const sim = await start();
  try {
    const file = 'libmesos_dvdi_isolator-1.0.1.so';
    const entry = sim.repo.files().find((f) => f.file === file);
    assert.ok(entry !== undefined);
    const body = Buffer.from(await (await fetch(entry.url)).arrayBuffer());
    assert.is(createHash('sha256').update(body).digest('hex'), entry.sha256);
    assert.is(await (await fetch(`${entry.url}.sha256`)).text(), `${entry.sha256}  ${file}\n`);
    const index = (await (await fetch(`${sim.repoUrl}/index.json`)).json()) as {
      file: string;
      sha256: string;
    }[];
    assert.ok(index.some((f) => f.file === 'EMC-ScaleIO-mdm-2.0-10000.2072.el7.x86_64.rpm'));
    ok(sim.repo.failNotFound(file));
    assert.is((await fetch(entry.url)).status, 404);
    assert.is((await fetch(entry.url)).status, 200, 'the 404 was for one download');
    ok(sim.repo.corrupt(file, 2));
    for (let i = 0; i < 2; i++) {
      const bad = Buffer.from(await (await fetch(entry.url)).arrayBuffer());
      assert.is.not(createHash('sha256').update(bad).digest('hex'), entry.sha256);
    }
    const good = Buffer.from(await (await fetch(entry.url)).arrayBuffer());
    assert.is(createHash('sha256').update(good).digest('hex'), entry.sha256);
    assert.is(sim.repo.failNotFound('nope.deb')._tag, 'Left');
    assert.equal(
      sim.repo
        .requests()
        .filter((r) => r.path === `/${file}`)
        .map((r) => [r.status, r.fault]),
      [
        [200, null],
        [404, 'notFound'],
        [200, null],
        [200, 'corrupt'],
        [200, 'corrupt'],
        [200, null],
      ],
    );
  } finally {
    await sim.stop();
  }
});

test('ec2 attachments appear as block devices on the right node, once, and go on detach', async () => {
  const sim = await start();
  try {
    const hook: { listener?: (e: unknown) => void } = {};
    sim.subscribe({
      onAttachment: (l) => {
        hook.listener = l as (e: unknown) => void;
      },
    });
    assert.is(
      (await sim.applyAttachment({ instanceId: 'i-u1' } as never))._tag,
      'Left',
      'a bad event is an error value',
    );
    assert.equal(
      ok(
        await sim.applyAttachment({
          instanceId: 'i-u1',
          volumeId: 'vol-0abc',
          device: '/dev/sdf',
          sizeGiB: 200,
          state: 'attached',
        }),
      ),
      { changed: true },
    );
    assert.equal(
      ok(
        await sim.applyAttachment({
          instanceId: 'i-u1',
          volumeId: 'vol-0abc',
          device: '/dev/sdf',
          sizeGiB: 200,
          state: 'attached',
        }),
      ),
      { changed: false },
    );
    const lsU = JSON.parse(
      (await run(sim, 'u1', ['lsblk', '-J', '-b', '-d', '-o', 'NAME,SIZE'])).stdout,
    ) as { blockdevices: { name: string; size: number }[] };
    assert.equal(lsU.blockdevices.at(-1), { name: 'xvdf', size: 200 * 1024 ** 3 });
    // Over the webhook, to the Nitro node: the next nvme name, serial = volume id.
    const res = await fetch(sim.attachmentWebhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        instanceId: 'i-r1',
        volumeId: 'vol-0def',
        device: '/dev/sdg',
        sizeGiB: 50,
        state: 'attached',
      }),
    });
    assert.is(res.status, 200);
    const lsR = JSON.parse(
      (await run(sim, 'r1', ['lsblk', '-J', '-b', '-d', '-o', 'NAME,SIZE,SERIAL'])).stdout,
    ) as {
      blockdevices: { name: string; size: number; serial: string }[];
    };
    assert.equal(lsR.blockdevices.at(-1), {
      name: 'nvme3n1',
      size: 50 * 1024 ** 3,
      serial: 'vol0def',
    });
    const r = ok(sim.node('r1'));
    assert.ok(
      existsSync(join(r.config.root, 'dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0def')),
    );
    assert.is(
      (
        await fetch(sim.attachmentWebhookUrl, {
          method: 'POST',
          body: '{"instanceId":"i-zz","volumeId":"v","device":"/dev/sdf","sizeGiB":1,"state":"attached"}',
        })
      ).status,
      404,
    );
    assert.is(
      (await fetch(sim.attachmentWebhookUrl, { method: 'POST', body: '{"instanceId":1}' })).status,
      400,
    );
    hook.listener?.({
      instanceId: 'i-u1',
      volumeId: 'vol-0abc',
      device: '/dev/sdf',
      sizeGiB: 200,
      state: 'detached',
    });
    await new Promise((res2) => setImmediate(res2));
    assert.not.ok(ok(ok(sim.node('u1')).devices()).some((d) => d.name === 'xvdf'));
  } finally {
    await sim.stop();
  }
});

test.run();
