// Generated from the facts table: for every OS, every tool call the installers make (and the
// identity calls an operator makes) answers as that OS would. No case is written by hand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  OS_TABLE,
  UTIL_LINUX,
  defaultCatalog,
  factsMarkdown,
  osFacts,
  startNodeSim,
  type NodeSim,
  type OsRow,
} from '../src/index.js';
import {
  classifyOs,
  parseOsRelease,
  renderSpecs,
  type InstallSpec,
} from '@scaleio-framework/installers';
import { fetchInto, ok, pairs, run } from './helpers.js';

const V = '2.0-10000.2072';
const UNCOVERED = '1.0.0-not-a-scini-kernel';
const id = (r: OsRow, suffix = ''): string => `${r.os}${suffix}`;
const withPackages = OS_TABLE.filter((r) => r.packages !== 'none' && r.sdcKernels.length > 0);

let sim: NodeSim;

test.before(async () => {
  sim = ok(
    await startNodeSim({
      nodes: [
        ...OS_TABLE.map((r) => ({ id: id(r), os: r.os })),
        ...withPackages.map((r) => ({ id: id(r, '-k'), os: r.os, kernel: UNCOVERED })),
      ],
    }),
  );
});
test.after(async () => {
  await sim.stop();
});

const file = (r: OsRow, c: string): string =>
  r.packages === 'deb'
    ? `EMC-ScaleIO-${c}-${V}.Ubuntu.${r.os.slice('ubuntu-'.length)}.x86_64.deb`
    : `EMC-ScaleIO-${c}-${V}.el${r.os.endsWith('8') ? '8' : '7'}.x86_64.rpm`;

const install = async (r: OsRow, node: string, c: string, env: Record<string, string> = {}) => {
  const dest = `/var/cache/scaleio-framework/${file(r, c)}`;
  await fetchInto(sim, node, file(r, c), dest);
  const argv: [string, ...string[]] =
    r.packages === 'deb' ? ['dpkg', '-i', dest] : ['rpm', '-Uvh', dest];
  return run(sim, node, argv, { env });
};

/** Markdown as prettier may lay it out: cell padding and separator widths do not matter. */
const norm = (s: string): string =>
  s
    .replace(/[ \t]+/g, ' ')
    .replace(/-{3,}/g, '---')
    .replace(/ \|/g, '|');

test('the README shows the facts table of the code', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  assert.ok(
    norm(readme).includes(norm(factsMarkdown())),
    'README.md is missing the current facts table',
  );
});

for (const r of OS_TABLE) {
  const ul = UTIL_LINUX[r.utilLinux];

  test(`${r.os}: uname, ldd and getconf answer with its kernel and glibc`, async () => {
    assert.is((await run(sim, id(r), ['uname', '-r'])).stdout, `${r.kernel}\n`);
    const l = await run(sim, id(r), ['ldd', '--version']);
    assert.is(l.stdout.split('\n')[0], r.glibc.ldd);
    assert.is(
      (await run(sim, id(r), ['getconf', 'GNU_LIBC_VERSION'])).stdout,
      `glibc ${r.glibc.version}\n`,
    );
  });

  test(`${r.os}: only its tools are on PATH`, async () => {
    for (const tool of ['dpkg', 'rpm', 'apt-get', 'yum', 'dnf', 'systemctl', 'initctl']) {
      const res = await run(sim, id(r), [tool, '--version']);
      assert.is(res.error?.includes('ENOENT') ?? false, !r.tools.includes(tool), `${tool}`);
    }
  });

  test(`${r.os}: lsblk is util-linux ${ul.version}`, async () => {
    const p = await run(sim, id(r), [
      'lsblk',
      '-P',
      '-b',
      '-o',
      'NAME,TYPE,SIZE,MOUNTPOINT,FSTYPE,RO',
    ]);
    assert.is(p.code, 0, p.stderr);
    assert.equal(pairs(p.stdout)[0], {
      NAME: 'xvda',
      TYPE: 'disk',
      SIZE: String(8 * 2 ** 30),
      MOUNTPOINT: '',
      FSTYPE: '',
      RO: '0',
    });
    const j = await run(sim, id(r), ['lsblk', '-J', '-b', '-o', 'NAME,SIZE,RO']);
    if (ul.json === 'none') {
      assert.is(j.code, 1);
      assert.match(j.stderr, /^lsblk: invalid option -- 'J'\n/);
    } else {
      assert.is(j.code, 0, j.stderr);
      const d = (JSON.parse(j.stdout) as { blockdevices: { size: unknown; ro: unknown }[] })
        .blockdevices[0];
      assert.equal(
        [d?.size, d?.ro],
        ul.json === 'strings' ? [String(8 * 2 ** 30), '0'] : [8 * 2 ** 30, false],
      );
    }
    const paths = await run(sim, id(r), ['lsblk', '-d', '-p', '-o', 'NAME']);
    assert.is(paths.code, ul.shortOpts.includes('p') ? 0 : 1, paths.stderr);
    const serial = await run(sim, id(r), ['lsblk', '-P', '-o', 'NAME,SERIAL']);
    assert.is(serial.code, ul.columns.includes('SERIAL') ? 0 : 1);
    if (!ul.columns.includes('SERIAL')) assert.is(serial.stderr, 'lsblk: unknown column: SERIAL\n');
    const version = await run(sim, id(r), ['lsblk', '--version']);
    assert.is(
      version.stdout,
      ul.longOpts.includes('version') ? `lsblk from util-linux ${ul.version}\n` : '',
    );
  });
}

for (const r of withPackages) {
  test(`${r.os}: each service answers only to its own service manager`, async () => {
    const i1 = await install(r, id(r), 'mdm', { MDM_ROLE_IS_MANAGER: '1' });
    assert.is(i1.code, 0, i1.stderr);
    const i2 = await install(r, id(r), 'sdc');
    assert.is(i2.code, 0, i2.stderr);
    for (const svc of ['mdm', 'scini', 'mesos-slave'] as const) {
      const kind = r.units[svc];
      if (kind === 'systemd') {
        assert.is((await run(sim, id(r), ['systemctl', 'is-active', svc])).stdout, 'active\n', svc);
        continue;
      }
      const job = await run(sim, id(r), ['initctl', 'status', svc]);
      const rc = await run(sim, id(r), ['update-rc.d', svc, 'defaults']);
      assert.is((await run(sim, id(r), ['service', svc, 'status'])).code, 0, `service ${svc}`);
      if (kind === 'upstart') {
        assert.match(job.stdout, new RegExp(`^${svc} start/running`), svc);
        assert.is(rc.code, 1, `update-rc.d ${svc}`);
      } else {
        assert.is(job.stderr, `initctl: Unknown job: ${svc}\n`);
        assert.is(rc.code, 0, `update-rc.d ${svc}`);
      }
    }
  });

  test(`${r.os}: scini refuses a kernel its module does not cover, naming it`, async () => {
    const i = await install(r, id(r, '-k'), 'sdc');
    assert.is(i.code, 0, i.stderr);
    assert.match(i.stdout, new RegExp(`Current KRN: ${UNCOVERED}`));
    const start =
      r.units.scini === 'systemd'
        ? await run(sim, id(r, '-k'), ['systemctl', 'start', 'scini'])
        : await run(sim, id(r, '-k'), ['service', 'scini', 'start']);
    assert.is(start.code, 1);
    assert.match(start.stderr, /Current scini\.ko seems to be incompatible with your kernel/);
    assert.match(start.stderr, new RegExp(`Current KRN: ${UNCOVERED}`));
    assert.is(ok(ok(sim.node(id(r, '-k'))).services())['scini']?.active, false);
  });
}

/** Every component of a primary MDM node, as the deploy asks for them. */
const everything = (): InstallSpec[] => {
  // The digests the repository publishes: with them the plan has its download and install actions.
  const sha256s = Object.fromEntries(defaultCatalog().map((f) => [f.file, f.sha256]));
  const pkg = { baseUrl: 'http://repo.test', version: V, sha256s };
  const tool = { baseUrl: 'http://repo.test', version: '0.11.4', sha256s };
  return [
    { component: 'prereqs', role: 'primary', params: {} },
    { component: 'mdm', role: 'primary', params: { package: pkg } },
    { component: 'sds', params: { package: pkg } },
    { component: 'sdc', params: { package: pkg, mdmAddresses: ['10.0.0.1'] } },
    {
      component: 'mdm-cluster',
      role: 'primary',
      params: {
        systemName: 's',
        primary: { ip: '10.0.0.1' },
        managers: [{ ip: '10.0.0.2' }],
        tiebreakers: [{ ip: '10.0.0.3' }],
      },
    },
    { component: 'lia', params: { package: pkg } },
    { component: 'gateway', params: { package: pkg, mdmAddresses: ['10.0.0.1'] } },
    {
      component: 'rexray',
      params: {
        gateway: 'https://10.0.0.1',
        systemName: 's',
        protectionDomain: 'pd',
        storagePool: 'sp',
        package: tool,
      },
    },
    { component: 'dvdcli', params: { package: tool } },
    {
      component: 'mesos-module-dvdi',
      params: {
        library: { baseUrl: 'http://repo.test', version: '1.0.1', sha256s },
        agent: { layout: 'mesos-slave-dir' },
      },
    },
    { component: 'agent-restart', params: { agent: { layout: 'mesos-slave-dir' } } },
  ];
};

for (const r of OS_TABLE.filter((x) => x.supported)) {
  test(`${r.os}: the installers' dry run uses only the tools and service managers it has`, () => {
    const os = classifyOs(parseOsRelease(ok(sim.node(id(r))).readFile('/etc/os-release') ?? ''));
    if (os._tag !== 'supported') throw new Error(`${r.os}: ${os.reason}`);
    const text = renderSpecs(everything(), os);
    if (text._tag === 'Left') throw new Error(text.left.message);
    const commands = text.right
      .split('\n')
      .flatMap((l) => (/^\s+(?:check: )?\$ /.test(l) ? [l.replace(/^\s+(?:check: )?\$ /, '')] : []))
      .map((l) => l.split(' ').filter((w) => !/^[A-Z_]+=/.test(w)));
    assert.ok(commands.length > 5, `${r.os}: commands rendered`);
    // scli comes with the MDM package.
    const have = new Set([...osFacts(r.os).tools, 'scli']);
    for (const [tool = '', ...args] of commands) {
      assert.ok(have.has(tool), `${r.os} has no ${tool}: ${tool} ${args.join(' ')}`);
      if (tool === 'lsblk')
        assert.ok(UTIL_LINUX[r.utilLinux].json !== 'none' || !args.includes('-J'));
      const unit =
        tool === 'initctl' || tool === 'systemctl'
          ? args.at(-1)
          : tool === 'service' || tool === 'update-rc.d'
            ? args[0]
            : undefined;
      const kind = r.units[unit as keyof OsRow['units']];
      if (kind === undefined) continue;
      const want = {
        upstart: ['initctl'],
        sysv: ['service', 'update-rc.d'],
        systemd: ['systemctl'],
      }[kind];
      assert.ok(
        want.includes(tool),
        `${r.os}: ${unit} is a ${kind} service, not driven by ${tool}`,
      );
    }
  });
}

test.run();
