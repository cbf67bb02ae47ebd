import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runPlan, type SupportedOs } from '../src/index.js';
import { fakeNode } from './fake-node.js';
import {
  CENTOS_7,
  SECRET_VALUE,
  SIO,
  UBUNTU_2004,
  osOf,
  parseStrictYaml,
  primarySpecs,
  repoFor,
  src,
} from './helpers.js';

import { planOf as plan } from './helpers.js';

const GW_PROPS = '/opt/emc/scaleio/gateway/webapps/ROOT/WEB-INF/classes/gatewayUser.properties';

const expectFinishedNode = (n: ReturnType<typeof fakeNode>, os: SupportedOs) => {
  const ubuntu = os.family === 'ubuntu';
  for (const part of ['mdm', 'sds', 'sdc', 'lia', 'gateway'])
    assert.is(n.packages.get(ubuntu ? `emc-scaleio-${part}` : `EMC-ScaleIO-${part}`), SIO, part);
  for (const s of ['mdm', 'sds', 'scini', 'lia', 'scaleio-gateway', 'rexray', 'mesos-slave'])
    assert.ok(n.running.has(s), `${s} running`);
  const c = n.cluster();
  assert.is(c?.mode, 3);
  assert.is(c?.name, 'prod');
  assert.is(c?.password, SECRET_VALUE);
  assert.equal(
    c?.members.map((m) => `${m.name}:${m.role}:${m.state}`),
    ['mdm2:manager:active', 'tb1:tb:active'],
  );
  assert.match(
    n.files.get('/bin/emc/scaleio/drv_cfg.txt')?.content ?? '',
    /^mdm 10\.0\.0\.1,10\.0\.0\.2$/m,
  );
  const props = n.files.get(GW_PROPS)?.content ?? '';
  assert.match(props, /^mdm\.ip\.addresses=10\.0\.0\.1,10\.0\.0\.2$/m);
  assert.match(props, /^security\.bypass_certificate_check=true$/m);
  const cfg = n.files.get('/etc/rexray/config.yml');
  assert.is(cfg?.mode, 0o600);
  const y = parseStrictYaml(cfg?.content ?? '') as {
    scaleio: Record<string, unknown>;
    libstorage: { service: string };
  };
  assert.equal(
    { ...y.scaleio },
    {
      endpoint: 'https://10.0.0.1:443/api',
      insecure: false,
      useCerts: false,
      thinOrThick: 'ThinProvisioned',
      userName: 'admin',
      password: SECRET_VALUE,
      systemName: 'prod',
      protectionDomainName: 'pd1',
      storagePoolName: 'sp1',
    },
  );
  assert.is(y.libstorage.service, 'scaleio');
  assert.ok(n.files.has('/usr/lib/libmesos_dvdi_isolator-0.4.6.so'));
  assert.is(
    (
      JSON.parse(n.files.get('/usr/lib/dvdi-mod.json')?.content ?? '{}') as {
        libraries: { file: string }[];
      }
    ).libraries[0]?.file,
    '/usr/lib/libmesos_dvdi_isolator-0.4.6.so',
  );
};

test('a whole primary node on Ubuntu 20.04 reaches its state; a re-run applies nothing', async () => {
  const os = osOf(UBUNTU_2004);
  const n = fakeNode({
    osRelease: UBUNTU_2004,
    repo: repoFor(os),
    files: { '/etc/mesos-slave/isolation': 'cgroups/cpu,cgroups/mem,filesystem/linux\n' },
  });
  const p = plan(primarySpecs({ layout: 'mesos-slave-dir' }), os);
  const r1 = await runPlan(p, n.host);
  assert.ok(r1.ok, r1.error?.message);
  assert.ok(r1.applied > 20, `applied ${r1.applied}`);
  expectFinishedNode(n, os);
  assert.is(
    n.files.get('/etc/mesos-slave/isolation')?.content,
    'cgroups/cpu,cgroups/mem,filesystem/linux,com_emccode_mesos_DockerVolumeDriverIsolator\n',
  );
  assert.is(n.files.get('/etc/mesos-slave/modules')?.content, 'file:///usr/lib/dvdi-mod.json\n');
  assert.equal(
    n.restarts.filter((s) => s === 'mesos-slave'),
    ['mesos-slave'],
  );
  assert.ok(
    n.files
      .get('/etc/systemd/system/rexray.service.d/10-after-scini.conf')
      ?.content.includes('After=scini.service'),
  );

  const before = n.calls.length;
  const r2 = await runPlan(p, n.host);
  assert.ok(r2.ok, r2.error?.message);
  assert.is(r2.applied, 0);
  assert.ok(r2.steps.every((s) => s.outcome === 'already-done'));
  const second = n.calls.slice(before);
  assert.not.ok(
    second.some((c) =>
      /dpkg -i|apt-get|^write |^download |restart|create_mdm|add_standby|switch_cluster|rename_system|set_password/.test(
        c,
      ),
    ),
    second.join('\n'),
  );
  assert.equal(
    n.restarts.filter((s) => s === 'mesos-slave'),
    ['mesos-slave'],
  );
});

test('a whole primary node on CentOS 7 with a flags file reaches its state; a re-run applies nothing', async () => {
  const os = osOf(CENTOS_7);
  const flags = '/etc/default/mesos-agent';
  const n = fakeNode({
    osRelease: CENTOS_7,
    repo: repoFor(os),
    files: {
      [flags]: 'MESOS_MASTER=zk://zk:2181/mesos\nMESOS_ISOLATION="cgroups/cpu,cgroups/mem"\n',
    },
  });
  const p = plan(primarySpecs({ layout: 'flags-file', path: flags }), os);
  const r1 = await runPlan(p, n.host);
  assert.ok(r1.ok, r1.error?.message);
  expectFinishedNode(n, os);
  assert.is(
    n.files.get(flags)?.content,
    'MESOS_MASTER=zk://zk:2181/mesos\nMESOS_ISOLATION=cgroups/cpu,cgroups/mem,com_emccode_mesos_DockerVolumeDriverIsolator\nMESOS_MODULES=file:///usr/lib/dvdi-mod.json\n',
  );
  assert.ok(
    n.calls.some((c) =>
      c.startsWith(
        'MDM_ROLE_IS_MANAGER=1 rpm -Uvh /var/cache/scaleio-framework/EMC-ScaleIO-mdm-2.0-10000.2072.el7.x86_64.rpm',
      ),
    ),
  );
  assert.ok(n.calls.includes('yum -y install libaio zip unzip'));
  assert.ok(n.calls.includes('yum -y install java-1.8.0-openjdk'));
  const r2 = await runPlan(p, n.host);
  assert.is(r2.applied, 0);
  assert.ok(r2.ok);
});

test('a command that fails once stops the plan with a clear step error; re-running finishes', async () => {
  const os = osOf(UBUNTU_2004);
  const n = fakeNode({ osRelease: UBUNTU_2004, repo: repoFor(os) });
  n.faults.push({
    match: /^dpkg -i .*EMC-ScaleIO-sds/,
    times: 1,
    exitCode: 2,
    stderr:
      'dpkg: error processing package emc-scaleio-sds (--install): subprocess installed post-installation script returned error exit status 1',
  });
  const p = plan(primarySpecs({ layout: 'mesos-slave-dir' }), os);
  const r1 = await runPlan(p, n.host);
  assert.not.ok(r1.ok);
  assert.is(r1.error?.stepId, 'sds.package');
  assert.is(r1.error?.phase, 'apply');
  assert.is(r1.error?.cause?._tag, 'CommandFailed');
  assert.match(
    r1.error?.message ?? '',
    /step sds\.package \(Install emc-scaleio-sds 2\.0-10000\.2072\) failed at apply: `dpkg -i \/var\/cache\/scaleio-framework\/EMC-ScaleIO-sds-2\.0-10000\.2072\.Ubuntu\.20\.04\.x86_64\.deb` exited with 2: dpkg: error processing package emc-scaleio-sds/,
  );
  assert.is(n.packages.get('emc-scaleio-sds'), undefined);
  assert.ok(n.cluster() === undefined, 'later steps did not run');
  const r2 = await runPlan(p, n.host);
  assert.ok(r2.ok, r2.error?.message);
  assert.equal(
    r2.steps.slice(0, 3).map((s) => s.outcome),
    ['already-done', 'already-done', 'already-done'],
  );
  expectFinishedNode(n, os);
});

test('a plan stopped half-way in the cluster sequence resumes without repeating a scli command', async () => {
  const os = osOf(UBUNTU_2004);
  const n = fakeNode({ osRelease: UBUNTU_2004, repo: repoFor(os) });
  n.faults.push({ match: /--switch_cluster_mode/, times: 1 });
  const p = plan(primarySpecs({ layout: 'mesos-slave-dir' }), os);
  const r1 = await runPlan(p, n.host);
  assert.is(r1.error?.stepId, 'cluster.mode');
  const r2 = await runPlan(p, n.host);
  assert.ok(r2.ok, r2.error?.message);
  assert.is(n.calls.filter((c) => c.includes('--create_mdm_cluster')).length, 1);
  assert.is(n.calls.filter((c) => c.includes('--add_standby_mdm')).length, 2);
  assert.is(n.calls.filter((c) => c.includes('--set_password')).length, 1);
  assert.is(n.cluster()?.mode, 3);
});

test('a download that 404s is a step error naming the URL', async () => {
  const os = osOf(UBUNTU_2004);
  const n = fakeNode({ osRelease: UBUNTU_2004, repo: {} });
  const r = await runPlan(
    plan(
      [
        {
          component: 'sds',
          params: { package: src(SIO) },
        },
      ],
      os,
    ),
    n.host,
  );
  assert.not.ok(r.ok);
  assert.is(r.error?.cause?._tag, 'DownloadFailed');
  assert.match(
    r.error?.message ?? '',
    /sds\.package.*download http:\/\/repo\.test\/pkgs\/EMC-ScaleIO-sds-2\.0-10000\.2072\.Ubuntu\.20\.04\.x86_64\.deb failed after 3 attempt\(s\): HTTP 404/,
  );
});

test('5-node cluster: two managers and two tiebreakers, mode 5_node', async () => {
  const os = osOf(UBUNTU_2004);
  const n = fakeNode({ osRelease: UBUNTU_2004 });
  const p = plan(
    [
      {
        component: 'mdm-cluster',
        role: 'primary',
        params: {
          systemName: 'big',
          primary: { ip: '10.0.0.1' },
          managers: [{ ip: '10.0.0.2' }, { ip: '10.0.0.3' }],
          tiebreakers: [{ ip: '10.0.0.4' }, { ip: '10.0.0.5' }],
        },
      },
    ],
    os,
  );
  const r = await runPlan(p, n.host);
  assert.ok(r.ok, r.error?.message);
  assert.is(n.cluster()?.mode, 5);
  assert.equal(
    n.cluster()?.members.map((m) => `${m.name}/${m.state}`),
    ['mdm2/active', 'mdm3/active', 'tb1/active', 'tb2/active'],
  );
  assert.ok(
    n.calls.includes(
      'scli --switch_cluster_mode --cluster_mode 5_node --add_slave_mdm_name mdm2,mdm3 --add_tb_name tb1,tb2',
    ),
  );
  assert.is((await runPlan(p, n.host)).applied, 0);
});

test('installed versions are compared: an older package is upgraded, the same one is left alone', async () => {
  const os = osOf(CENTOS_7);
  const n = fakeNode({ osRelease: CENTOS_7, repo: repoFor(os) });
  n.packages.set('EMC-ScaleIO-sds', '1.32-4503.5.el7');
  const p = plan([{ component: 'sds', params: { package: src(SIO) } }], os);
  const r = await runPlan(p, n.host);
  assert.ok(r.ok, r.error?.message);
  assert.is(r.steps[0]?.outcome, 'applied');
  assert.is(n.packages.get('EMC-ScaleIO-sds'), SIO);
  n.packages.set('EMC-ScaleIO-sds', `${SIO}.el7`);
  const r2 = await runPlan(p, n.host);
  assert.is(r2.steps[0]?.outcome, 'already-done');
});

test.run();
