// What each platform really has: the service manager of each unit, the lsblk form every
// util-linux accepts, and the SDC's kernel checked before anything is installed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initFor, LSBLK_ARGV, main, runPlan, sdcKernelSupport } from '../src/index.js';
import { fakeNode } from './fake-node.js';
import {
  CENTOS_7,
  MDMS,
  SIO,
  UBUNTU_1404,
  UBUNTU_2004,
  osOf,
  planOf as plan,
  primarySpecs,
  repoFor,
  src,
} from './helpers.js';

test('Ubuntu 14.04: upstart jobs for mdm/sds/lia/mesos-slave, SysV scripts for scini/rexray/gateway', () => {
  const u = osOf(UBUNTU_1404);
  assert.equal(
    ['mdm', 'sds', 'lia', 'mesos-slave', 'scini', 'rexray', 'scaleio-gateway'].map((s) =>
      initFor(u, s),
    ),
    ['upstart', 'upstart', 'upstart', 'upstart', 'sysvinit', 'sysvinit', 'sysvinit'],
  );
  for (const os of [osOf(UBUNTU_2004), osOf(CENTOS_7)])
    for (const s of ['mdm', 'scini', 'rexray'])
      assert.is(initFor(os, s), 'systemd', `${os.id} ${s}`);
});

test('the inventory asks lsblk for key="value" pairs and bytes: no -J (util-linux 2.20/2.23 lack it), no -p', () => {
  assert.equal([...LSBLK_ARGV], ['lsblk', '-P', '-b', '-o', 'NAME,TYPE,SIZE,MOUNTPOINT,FSTYPE,RO']);
});

const files: Record<string, string> = {
  '/all.json': JSON.stringify(primarySpecs({ layout: 'mesos-slave-dir' })),
};
const read = (p: string): string => files[p] ?? '';

test('the dry run shows each platform its own service commands and the SDC kernel check', () => {
  const trusty = main(['--os', 'ubuntu:14.04', '/all.json'], read);
  assert.is(trusty.code, 0, trusty.output);
  for (const line of [
    '$ initctl start mdm',
    '$ update-rc.d scini defaults',
    '$ service scini restart',
    '$ service scaleio-gateway restart',
    '$ initctl stop mesos-slave',
    '    check: $ uname -r    # one of 4.4.0-38-generic',
  ])
    assert.ok(trusty.output.includes(line), `ubuntu 14.04: ${line}`);
  for (const never of ['initctl start scini', 'initctl stop rexray', 'systemctl', 'lsblk -J'])
    assert.not.ok(trusty.output.includes(never), `ubuntu 14.04 never: ${never}`);
  const centos = main(['--os', 'centos:7', '/all.json'], read);
  assert.is(centos.code, 0, centos.output);
  for (const line of [
    '$ systemctl start mdm',
    '$ systemctl restart scini',
    '    check: $ uname -r',
  ])
    assert.ok(centos.output.includes(line), `centos 7: ${line}`);
  for (const never of ['initctl', 'update-rc.d', 'apt-get', 'dpkg'])
    assert.not.ok(centos.output.includes(never), `centos 7 never: ${never}`);
});

test('an SDC on a kernel its module does not cover stops the plan before any install, naming the kernel', async () => {
  const os = osOf(UBUNTU_1404);
  assert.equal(sdcKernelSupport(os, SIO)?.kernels, ['4.4.0-38-generic']);
  assert.is(sdcKernelSupport(osOf(UBUNTU_2004), SIO), undefined);
  const n = fakeNode({ osRelease: UBUNTU_1404, repo: repoFor(os), kernel: '3.13.0-170-generic' });
  const sdc = plan(
    [
      {
        component: 'sdc',
        params: { package: src(SIO), mdmAddresses: MDMS },
      },
    ],
    os,
  );
  const r = await runPlan(sdc, n.host);
  assert.is(r.error?.stepId, 'sdc.kernel');
  assert.is(r.error?.phase, 'check');
  assert.match(r.error?.message ?? '', /running kernel 3\.13\.0-170-generic has no scini module/);
  assert.match(r.error?.message ?? '', /4\.4\.0-38-generic/);
  assert.equal(n.calls, ['uname -r'], 'nothing installed');
  const covered = fakeNode({ osRelease: UBUNTU_1404, repo: repoFor(os) });
  assert.ok((await runPlan(sdc, covered.host)).ok);
});

test.run();
