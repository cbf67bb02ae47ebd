// The fake service tools (systemctl, the Mesos agent), failure injection, the repository and
// ec2 attachments on a two-node simulator.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fetchInto, ok, pairs, run, ubuntuDeb, withSim } from './helpers.js';

test('systemctl: unknown units fail like systemd; rexray refuses to start before scini', () =>
  withSim(async (sim) => {
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
  }));

test('rexray starts only after scini and with a config.yml without duplicate keys', () =>
  withSim(async (sim) => {
    await fetchInto(sim, 'u1', ubuntuDeb('sdc'), '/tmp/sdc.deb');
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
  }));

test('the Mesos agent refuses to restart with an isolator no module provides', () =>
  withSim(async (sim) => {
    const u = ok(sim.node('u1'));
    const iso = join(u.config.root, 'etc/mesos-slave/isolation');
    writeFileSync(iso, 'cgroups/cpu,com_emccode_mesos_DockerVolumeDriverIsolator\n');
    const r = await run(sim, 'u1', ['systemctl', 'restart', 'mesos-slave']);
    assert.is(r.code, 1);
    assert.match(r.stderr, /unknown isolator com_emccode_mesos_DockerVolumeDriverIsolator/);
    assert.is(ok(u.services())['mesos-slave']?.active, false);
  }));

test('failure injection: a command fails once, then works; the call log says which fault fired', () =>
  withSim(async (sim) => {
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
  }));

test('the repository serves files with sha256, and injects 404s and corrupted bytes', () =>
  withSim(async (sim) => {
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
  }));

test('ec2 attachments appear as block devices on the right node, once, and go on detach', () =>
  withSim(async (sim) => {
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
    const attachF = {
      instanceId: 'i-u1',
      volumeId: 'vol-0abc',
      device: '/dev/sdf',
      sizeGiB: 200,
      state: 'attached',
    } as const;
    assert.equal(ok(await sim.applyAttachment(attachF)), { changed: true });
    assert.equal(ok(await sim.applyAttachment(attachF)), { changed: false });
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
    // RHEL 7's util-linux 2.23 has no JSON output: the pairs form.
    const lsR = pairs(
      (await run(sim, 'r1', ['lsblk', '-P', '-b', '-d', '-o', 'NAME,SIZE,SERIAL'])).stdout,
    );
    assert.equal(lsR.at(-1), {
      NAME: 'nvme3n1',
      SIZE: String(50 * 1024 ** 3),
      SERIAL: 'vol0def',
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
  }));

test.run();
