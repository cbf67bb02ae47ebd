import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  buildPlan,
  detectOs,
  planForNode,
  runPlan,
  secret,
  renderPlan,
  type Plan,
  type StepSpec,
  type SupportedOs,
} from '../src/index.js';
import { fakeNode } from './fake-node.js';
import {
  CENTOS_7,
  MDMS,
  SECRET_VALUE,
  SIO,
  UBUNTU_1404,
  UBUNTU_2004,
  osOf,
  parseStrictYaml,
  primarySpecs,
  repoFor,
} from './helpers.js';

const pw = secret('adminPassword', SECRET_VALUE);
const plan = (specs: StepSpec[], os: SupportedOs): Plan => {
  const p = buildPlan(specs, os, { adminPassword: pw });
  if (p._tag === 'Left') throw new Error(p.left.message);
  return p.right;
};
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
      useCerts: true,
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
          params: { package: { baseUrl: 'http://repo.test/pkgs', version: SIO } },
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
  const p = plan(
    [{ component: 'sds', params: { package: { baseUrl: 'http://repo.test/pkgs', version: SIO } } }],
    os,
  );
  const r = await runPlan(p, n.host);
  assert.ok(r.ok, r.error?.message);
  assert.is(r.steps[0]?.outcome, 'applied');
  assert.is(n.packages.get('EMC-ScaleIO-sds'), SIO);
  n.packages.set('EMC-ScaleIO-sds', `${SIO}.el7`);
  const r2 = await runPlan(p, n.host);
  assert.is(r2.steps[0]?.outcome, 'already-done');
});

test('an agent that already loads other modules is blocked, not overwritten', async () => {
  const os = osOf(UBUNTU_2004);
  const n = fakeNode({
    osRelease: UBUNTU_2004,
    repo: repoFor(os),
    files: {
      '/etc/mesos-slave/modules': 'file:///etc/mesos/other-modules.json\n',
      '/etc/mesos-slave/isolation': 'posix/cpu\n',
    },
  });
  const r = await runPlan(
    plan(
      [
        {
          component: 'mesos-module-dvdi',
          params: {
            library: { baseUrl: 'http://repo.test/pkgs', version: '0.4.6' },
            agent: { layout: 'mesos-slave-dir' },
          },
        },
      ],
      os,
    ),
    n.host,
  );
  assert.not.ok(r.ok);
  assert.is(r.error?.stepId, 'dvdi.agent-flags');
  assert.match(
    r.error?.message ?? '',
    /blocked: \/etc\/mesos-slave\/modules already holds "file:\/\/\/etc\/mesos\/other-modules\.json"/,
  );
  assert.is(
    n.files.get('/etc/mesos-slave/modules')?.content,
    'file:///etc/mesos/other-modules.json\n',
  );
  assert.is(n.files.get('/etc/mesos-slave/isolation')?.content, 'posix/cpu\n');
});

test('REX-Ray waits for scini: blocked with a clear reason when scini is not running', async () => {
  const os = osOf(UBUNTU_2004);
  const n = fakeNode({ osRelease: UBUNTU_2004, repo: repoFor(os) });
  const specs = primarySpecs({ layout: 'mesos-slave-dir' }).filter((s) => s.component === 'rexray');
  const r = await runPlan(plan(specs, os), n.host);
  assert.is(r.error?.stepId, 'rexray.service');
  assert.match(r.error?.message ?? '', /scini is not running; rexray needs it first/);
  assert.not.ok(n.running.has('rexray'));
});

test('Ubuntu 14.04 (upstart): REX-Ray init script starts scini first; services use initctl', async () => {
  const os = osOf(UBUNTU_1404);
  assert.is(os.init, 'upstart');
  const n = fakeNode({ osRelease: UBUNTU_1404, repo: repoFor(os) });
  const r = await runPlan(plan(primarySpecs({ layout: 'mesos-slave-dir' }), os), n.host);
  assert.ok(r.ok, r.error?.message);
  const script = n.files.get('/etc/init.d/rexray')?.content ?? '';
  assert.match(
    script,
    /if \[ -e \/etc\/init\.d\/scini \]; then \/etc\/init\.d\/scini start; fi # scaleio-framework: start scini first\n\s+\/usr\/bin\/rexray start/,
  );
  assert.ok(n.calls.includes('initctl status rexray'));
  assert.is(
    (await runPlan(plan(primarySpecs({ layout: 'mesos-slave-dir' }), os), n.host)).applied,
    0,
  );
});

test('check-only mode reports would-apply and changes nothing; an aborted signal stops before the next step', async () => {
  const os = osOf(UBUNTU_2004);
  const n = fakeNode({ osRelease: UBUNTU_2004, repo: repoFor(os) });
  const p = plan(primarySpecs({ layout: 'mesos-slave-dir' }).slice(0, 3), os);
  const r = await runPlan(p, n.host, { checkOnly: true });
  assert.ok(r.ok);
  assert.ok(r.steps.every((s) => s.outcome === 'would-apply'));
  assert.is(n.packages.size, 0);
  const ac = new AbortController();
  ac.abort();
  const r2 = await runPlan(p, n.host, { signal: ac.signal });
  assert.not.ok(r2.ok);
  assert.match(r2.error?.message ?? '', /aborted before step prereqs\.packages/);
});

test('no secret given to a plan appears in any recorded command line, report, step error or rendering', async () => {
  const os = osOf(UBUNTU_2004);
  const n = fakeNode({ osRelease: UBUNTU_2004, repo: repoFor(os) });
  n.faults.push({
    match: /--rename_system/,
    times: 1,
    stderr: `rename failed for password ${SECRET_VALUE}`,
  });
  const p = plan(primarySpecs({ layout: 'mesos-slave-dir' }), os);
  const seen: string[] = [];
  const r1 = await runPlan(p, n.host, { onStep: (s) => seen.push(JSON.stringify(s)) });
  assert.not.ok(r1.ok);
  const r2 = await runPlan(p, n.host, { onStep: (s) => seen.push(JSON.stringify(s)) });
  assert.ok(r2.ok, r2.error?.message);
  const everything = [
    ...n.calls,
    ...seen,
    JSON.stringify(r1),
    JSON.stringify(r2),
    renderPlan(p),
    JSON.stringify(p),
  ].join('\n');
  assert.not.ok(everything.includes(SECRET_VALUE), 'secret leaked');
  assert.match(JSON.stringify(r1.error), /\*\*\*/);
  assert.ok(
    n.calls.includes(
      'GATEWAY_ADMIN_PASSWORD=<secret:adminPassword> dpkg -i /var/cache/scaleio-framework/emc-scaleio-gateway_2.0-10000.2072_amd64.deb',
    ),
  );
  // scli gets its passwords on stdin, never on the command line.
  assert.ok(n.calls.includes('scli --login --username admin'));
  assert.not.ok(n.calls.some((c) => c.includes('--password')));
  // ...while the system itself got the real value.
  assert.is(n.cluster()?.password, SECRET_VALUE);
  void MDMS;
});

test('planForNode detects the OS on the node, honours spec.os, and refuses an unsupported OS with its reason', async () => {
  const spec: StepSpec = {
    component: 'sds',
    params: { package: { baseUrl: 'http://repo.test/pkgs', version: SIO } },
  };
  const u = await planForNode(fakeNode({ osRelease: UBUNTU_2004 }).host, spec);
  assert.is(u._tag === 'Right' ? u.right.id : u.left.message, 'sds@ubuntu-20.04');
  const forced = await planForNode(fakeNode({ osRelease: UBUNTU_2004 }).host, {
    ...spec,
    os: osOf(CENTOS_7),
  });
  assert.is(forced._tag === 'Right' ? forced.right.id : forced.left.message, 'sds@centos-7');
  const deb = await planForNode(
    fakeNode({
      osRelease: 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n',
    }).host,
    spec,
  );
  assert.is(
    deb._tag === 'Left' ? deb.left.message : 'built',
    'unsupported OS: Debian GNU/Linux 12 (bookworm) (ID=debian) is not a supported OS: Ubuntu 14.04-22.04, RHEL/CentOS 7-8 and Flatcar are',
  );
  const none = await detectOs(fakeNode().host);
  assert.equal(none, {
    _tag: 'Right',
    right: { _tag: 'unsupported', reason: '/etc/os-release is missing' },
  });
  const el6 = await detectOs(
    fakeNode({ files: { '/etc/redhat-release': 'CentOS release 6.10 (Final)\n' } }).host,
  );
  assert.match(
    el6._tag === 'Right' && el6.right._tag === 'unsupported' ? el6.right.reason : '',
    /redhat-release says "CentOS release 6\.10 \(Final\)" \(RHEL\/CentOS 6 and older are not supported\)/,
  );
});

test('an MDM installed as the other role is blocked, never re-roled', async () => {
  const os = osOf(UBUNTU_2004);
  const n = fakeNode({ osRelease: UBUNTU_2004, repo: repoFor(os) });
  const pkg = { baseUrl: 'http://repo.test/pkgs', version: SIO };
  const tb = await runPlan(
    plan([{ component: 'mdm', role: 'tiebreaker', params: { package: pkg } }], os),
    n.host,
  );
  assert.ok(tb.ok, tb.error?.message);
  assert.ok(
    n.calls.includes(
      `MDM_ROLE_IS_MANAGER=0 dpkg -i /var/cache/scaleio-framework/EMC-ScaleIO-mdm-${SIO}.Ubuntu.20.04.x86_64.deb`,
    ),
  );
  const mgr = await runPlan(
    plan([{ component: 'mdm', role: 'secondary', params: { package: pkg } }], os),
    n.host,
  );
  assert.is(mgr.error?.stepId, 'mdm.role', JSON.stringify(mgr));
  assert.match(
    mgr.error?.message ?? '',
    /blocked: the MDM on this node is installed as a tiebreaker, not a manager/,
  );
  assert.is(n.files.get('/opt/emc/scaleio/mdm/cfg/conf.txt')?.content, 'actor_role_is_manager=0\n');
});

test('a step that throws is a step error, not a crash; its message is redacted', async () => {
  const n = fakeNode();
  const p: Plan = {
    id: 'boom',
    title: 'boom',
    secrets: [pw],
    components: [
      {
        name: 'c',
        steps: [
          {
            id: 'c.throws',
            description: 'throws',
            check: () =>
              Promise.resolve({ _tag: 'Right', right: { _tag: 'pending', detail: 'x' } }),
            actions: [
              {
                kind: 'custom',
                summary: 'boom',
                lines: [],
                exec: () => Promise.reject(new Error(`boom ${SECRET_VALUE}`)),
              },
            ],
          },
        ],
      },
    ],
  };
  const r = await runPlan(p, n.host);
  assert.not.ok(r.ok);
  assert.is(r.error?.message, 'step c.throws (throws) failed at apply: unexpected error: boom ***');
});

test('Flatcar: packaged components are blocked with the reason, not crashed', async () => {
  const flatcar =
    'ID=flatcar\nVERSION_ID=3510.2.0\nPRETTY_NAME="Flatcar Container Linux by Kinvolk 3510.2.0"\n';
  const n = fakeNode({ osRelease: flatcar });
  const p = await planForNode(n.host, [
    { component: 'prereqs', params: {} },
    { component: 'sds', params: { package: { baseUrl: 'http://repo.test/pkgs', version: SIO } } },
  ]);
  if (p._tag === 'Left') throw new Error(p.left.message);
  const r = await runPlan(p.right, n.host);
  assert.is(r.error?.stepId, 'sds.package');
  assert.match(
    r.error?.message ?? '',
    /blocked: Flatcar Container Linux by Kinvolk 3510\.2\.0 has no package manager/,
  );
});

test.run();
