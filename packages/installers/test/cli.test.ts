import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../src/index.js';
import { CENTOS_7, primarySpecs } from './helpers.js';

const files: Record<string, string> = {
  '/os': CENTOS_7,
  '/all.json': JSON.stringify(
    primarySpecs({ layout: 'flags-file', path: '/etc/default/mesos-agent' }),
  ),
  '/bad.json': JSON.stringify([{ component: 'sds', params: {} }]),
};
const read = (p: string): string => {
  const f = files[p];
  if (f === undefined) throw new Error(`ENOENT: no such file, open '${p}'`);
  return f;
};

test('installers-plan renders a whole node for an os-release file', () => {
  const r = main(['--os-release', '/os', '/all.json'], read);
  assert.is(r.code, 0);
  assert.ok(
    r.output.startsWith(
      'Plan prereqs+mdm+sds+sdc+mdm-cluster+lia+gateway+rexray+dvdcli+mesos-module-dvdi+agent-restart@centos-7',
    ),
  );
  assert.ok(
    r.output.includes(
      '$ TOKEN=<secret:adminPassword> rpm -Uvh /var/cache/scaleio-framework/EMC-ScaleIO-lia-2.0-10000.2072.el7.x86_64.rpm',
    ),
  );
  assert.ok(
    r.output.includes(
      'edit /etc/default/mesos-agent (mode 0644): MESOS_ISOLATION=<existing isolators>,com_emccode_mesos_DockerVolumeDriverIsolator; MESOS_MODULES=file:///usr/lib/dvdi-mod.json',
    ),
  );
});

test('installers-plan: bad input is one clear line and exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['/all.json'], /--os or --os-release is required/],
    [['--os', 'ubuntu:20.04'], /a spec file is required/],
    [['--os', 'ubuntu:26.04', '/all.json'], /unsupported OS: Ubuntu 26\.04 is not supported/],
    [['--os', 'ubuntu:20.04', '/bad.json'], /spec 0: invalid step spec/],
    [['--os', 'ubuntu:20.04', '/missing.json'], /ENOENT/],
    [['--os', 'ubuntu:20.04', '--frobnicate'], /unexpected argument --frobnicate/],
  ];
  for (const [args, re] of cases) {
    const r = main(args, read);
    assert.is(r.code, 2, args.join(' '));
    assert.match(r.output, re);
  }
});

test('installers-plan --version and --help answer without other arguments', () => {
  assert.equal(main(['--version'], read, '1.2.3'), { code: 0, output: 'installers-plan 1.2.3\n' });
  const help = main(['--help'], read, '1.2.3');
  assert.is(help.code, 0);
  assert.match(help.output, /usage: installers-plan/);
});

test.run();
