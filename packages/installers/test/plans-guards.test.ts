// Plans that must not act: blocked or refused with a reason, secrets kept out, OS detection,
// check-only mode and aborts, steps that throw.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  detectOs,
  planForNode,
  runPlan,
  renderPlan,
  type Plan,
  type InstallSpec,
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
  primarySpecs,
  repoFor,
  src,
} from './helpers.js';

import { adminPw as pw, planOf as plan } from './helpers.js';

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
            library: src('0.4.6'),
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

test('Ubuntu 14.04 (upstart): REX-Ray init script starts scini first; jobs use initctl, SysV scripts service', async () => {
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
  // mdm/sds/lia/mesos-slave are upstart jobs; scini, rexray and the gateway SysV scripts.
  for (const job of ['mdm', 'sds', 'lia'])
    assert.ok(n.calls.includes(`initctl status ${job}`), job);
  for (const sysv of ['scini', 'rexray', 'scaleio-gateway']) {
    assert.ok(n.calls.includes(`service ${sysv} status`), sysv);
    assert.not.ok(
      n.calls.some((c) => c.startsWith(`initctl `) && c.endsWith(` ${sysv}`)),
      sysv,
    );
  }
  assert.ok(n.calls.includes('update-rc.d scaleio-gateway defaults'));
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
  // The real scli takes its passwords as arguments only: they reach that process, and every
  // recorded command line shows the secret's name.
  assert.ok(n.calls.includes('scli --login --username admin --password <secret:adminPassword>'));
  assert.ok(
    n.calls.includes(
      'scli --set_password --old_password admin --new_password <secret:adminPassword>',
    ),
  );
  // ...while the system itself got the real value.
  assert.is(n.cluster()?.password, SECRET_VALUE);
  void MDMS;
});

test('planForNode detects the OS on the node, honours spec.os, and refuses an unsupported OS with its reason', async () => {
  const spec: InstallSpec = {
    component: 'sds',
    params: { package: src(SIO) },
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
  const pkg = src(SIO);
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
    { component: 'sds', params: { package: src(SIO) } },
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
