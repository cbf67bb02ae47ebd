import { inspect } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  buildPlan,
  classifyOs,
  comparableVersion,
  decodeInstallSpec,
  decodeInstallSpecBytes,
  encodeInstallSpec,
  mergeIsolation,
  orderInitScript,
  parseOsRelease,
  parsePackageQuery,
  parseQueryCluster,
  readKeyValues,
  redact,
  renderPlan,
  rexrayConfig,
  revealText,
  sameVersion,
  secret,
  setKeyValues,
  setSdcMdms,
  showText,
  type InstallSpec,
} from '../src/index.js';
import {
  CENTOS_7,
  SECRET_VALUE,
  UBUNTU_1404,
  UBUNTU_2004,
  osOf,
  parseStrictYaml,
  primarySpecs,
} from './helpers.js';

test('os-release: supported platforms answer package format, installer and init system', () => {
  const cases: [string, string, string, string, string][] = [
    ['ubuntu', '14.04', 'dpkg', 'apt', 'upstart'],
    ['ubuntu', '16.04', 'dpkg', 'apt', 'systemd'],
    ['ubuntu', '18.04', 'dpkg', 'apt', 'systemd'],
    ['ubuntu', '22.04', 'dpkg', 'apt', 'systemd'],
    ['rhel', '7.9', 'rpm', 'yum', 'systemd'],
    ['centos', '8', 'rpm', 'yum', 'systemd'],
    ['flatcar', '3510.2.0', 'none', 'none', 'systemd'],
  ];
  for (const [id, v, fmt, inst, init] of cases) {
    const o = classifyOs({ ID: id, VERSION_ID: v });
    assert.is(o._tag, 'supported', `${id} ${v}`);
    if (o._tag === 'supported')
      assert.equal([o.packageFormat, o.installer, o.init], [fmt, inst, init], `${id} ${v}`);
  }
  assert.equal(osOf(UBUNTU_1404).name, 'Ubuntu 14.04.6 LTS');
  assert.is(osOf(CENTOS_7).family, 'rhel');
});

test('os-release: unsupported and unknown platforms are a result with a reason, never a crash', () => {
  const un = (f: Record<string, string>): string => {
    const o = classifyOs(f);
    assert.is(o._tag, 'unsupported');
    return o._tag === 'unsupported' ? o.reason : '';
  };
  assert.match(
    un({ ID: 'ubuntu', VERSION_ID: '12.04' }),
    /Ubuntu 12\.04 is not supported \(14\.04 to 22\.04 are\)/,
  );
  assert.match(un({ ID: 'ubuntu', VERSION_ID: '24.04' }), /not supported/);
  assert.match(
    un({ ID: 'rhel', VERSION_ID: '9.2', PRETTY_NAME: 'Red Hat Enterprise Linux 9.2' }),
    /Red Hat Enterprise Linux 9\.2 is not supported \(RHEL\/CentOS 7 and 8 are\)/,
  );
  assert.match(
    un({ ID: 'debian', VERSION_ID: '12', PRETTY_NAME: 'Debian GNU/Linux 12' }),
    /Debian GNU\/Linux 12 \(ID=debian\) is not a supported OS/,
  );
  assert.match(un({}), /no ID field/);
  assert.match(un(parseOsRelease('\u0000garbage\n=\nID\n')), /no ID field/);
  assert.equal(parseOsRelease('# c\nID="centos"\nNAME=\'CentOS\'\nX=a\\"b\n'), {
    ID: 'centos',
    NAME: 'CentOS',
    X: 'a\\"b',
  });
});

test('versions: the comparable part follows the original regex', () => {
  assert.is(comparableVersion('2.0-10000.2072'), '2.0-10000.2072');
  assert.ok(sameVersion('EMC-ScaleIO-sds-2.0-10000.2072.el7.x86_64.rpm', '2.0-10000.2072.el7'));
  assert.not.ok(sameVersion('2.0-10000.2072', '2.0-13000.211'));
  assert.ok(sameVersion('0.11.4', '0.11.4'));
  assert.ok(sameVersion('0.11.4-1', '0.11.4'));
  assert.ok(sameVersion('1:0.11.4-1ubuntu2', '0.11.4'));
  assert.ok(sameVersion('0.11.4-1', '0.11.4-1'));
  assert.not.ok(sameVersion('0.11.40-1', '0.11.4'));
  assert.not.ok(sameVersion('0.11.4.1', '0.11.4'));
  assert.not.ok(sameVersion('0.11.4-1', '0.11.4-2'));
  assert.ok(sameVersion('2.0-13000.211', '2.0-13000.211'));
  assert.is(
    parsePackageQuery('dpkg', 0, 'Package: x\nStatus: install ok installed\nVersion: 1.2-3\n'),
    '1.2-3',
  );
  assert.is(
    parsePackageQuery('dpkg', 0, 'Package: x\nStatus: deinstall ok config-files\nVersion: 1.2-3\n'),
    undefined,
  );
  assert.is(parsePackageQuery('dpkg', 1, ''), undefined);
  assert.is(parsePackageQuery('rpm', 0, '2.0-10000.2072.el7\n'), '2.0-10000.2072.el7');
  assert.is(parsePackageQuery('rpm', 1, 'package x is not installed\n'), undefined);
});

test('isolation flags are merged with the existing isolators, never overwritten', () => {
  assert.is(
    mergeIsolation('cgroups/cpu,cgroups/mem'),
    'cgroups/cpu,cgroups/mem,com_emccode_mesos_DockerVolumeDriverIsolator',
  );
  assert.is(
    mergeIsolation(undefined),
    'posix/cpu,posix/mem,com_emccode_mesos_DockerVolumeDriverIsolator',
  );
  assert.is(
    mergeIsolation(' "filesystem/linux, docker/volume" '),
    'filesystem/linux,docker/volume,com_emccode_mesos_DockerVolumeDriverIsolator',
  );
  const once = mergeIsolation('posix/cpu');
  assert.is(mergeIsolation(once), once);
});

test('key=value edits replace existing keys, keep everything else and append missing keys', () => {
  const text = '# gateway\nmdm.ip.addresses=\nsecurity.bypass_certificate_check=false\nother=1\n';
  const out = setKeyValues(text, {
    'mdm.ip.addresses': '10.0.0.1,10.0.0.2',
    'security.bypass_certificate_check': 'true',
    'new.key': 'x',
  });
  assert.is(
    out,
    '# gateway\nmdm.ip.addresses=10.0.0.1,10.0.0.2\nsecurity.bypass_certificate_check=true\nother=1\nnew.key=x\n',
  );
  assert.is(setKeyValues(out, { 'new.key': 'x' }), out);
  assert.equal(readKeyValues('A="q"\nB=2\n#C=3\nexport D=4\n'), { A: 'q', B: '2', D: '4' });
  assert.is(
    setKeyValues('export MESOS_ISOLATION="a"\n', { MESOS_ISOLATION: 'a,b' }),
    'export MESOS_ISOLATION=a,b\n',
  );
  assert.is(
    setSdcMdms('ini_guid 123\nmdm 1.1.1.1\n', ['10.0.0.1', '10.0.0.2']),
    'ini_guid 123\nmdm 10.0.0.1,10.0.0.2\n',
  );
});

test('scli --query_cluster is parsed: name, mode, members by section', () => {
  const text = [
    'Cluster:',
    '    Name: prod, ID: 0e7a082862fedf0f, Mode: 3_node, State: Normal, Active: 3/3, Replicas: 2/2',
    'Master MDM:',
    '    Name: mdm1, ID: 0x5d07497754427fd0',
    '        IPs: 10.0.0.1, Management IPs: 10.0.0.1, Port: 9011',
    '        Status: Normal, Version: 2.0.10000',
    'Slave MDMs:',
    '    Name: mdm2, ID: 0x1',
    '        IPs: 10.0.0.2, 192.168.0.2, Management IPs: 10.0.0.2, Port: 9011',
    'Tie-Breakers:',
    '    Name: tb1, ID: 0x2',
    '        IPs: 10.0.0.3, Port: 9011',
    'Standby MDMs:',
    '    Name: mdm3, ID: 0x3, Manager',
    '        IPs: 10.0.0.4, Management IPs: 10.0.0.4, Port: 9011',
  ].join('\n');
  const v = parseQueryCluster(text);
  assert.is(v.name, 'prod');
  assert.is(v.mode, 3);
  assert.equal(
    v.members.map((m) => [m.section, m.name, m.ips.join('|')]),
    [
      ['Master MDM', 'mdm1', '10.0.0.1'],
      ['Slave MDMs', 'mdm2', '10.0.0.2|192.168.0.2'],
      ['Tie-Breakers', 'tb1', '10.0.0.3'],
      ['Standby MDMs', 'mdm3', '10.0.0.4'],
    ],
  );
  assert.equal(parseQueryCluster('Cluster:\n    ID: 1, Mode: 1_node, State: Normal\n'), {
    mode: 1,
    members: [],
  });
});

test('REX-Ray config.yml: valid YAML without duplicate keys, any password, system name or id', () => {
  const nasty = secret('adminPassword', `p: "w'#\\ {x}`);
  const p = {
    gateway: 'https://gw:8443/',
    protectionDomain: 'pd',
    storagePool: 'sp',
    package: { baseUrl: 'b', version: '1' },
  };
  const byName = rexrayConfig({ ...p, systemName: 'sys', insecure: true }, nasty);
  const y = parseStrictYaml(revealText(byName)) as {
    scaleio: Record<string, unknown>;
    libstorage: Record<string, unknown>;
    rexray: { modules: Record<string, { libstorage: Record<string, unknown> }> };
  };
  assert.is(y.scaleio['password'], `p: "w'#\\ {x}`);
  assert.is(y.scaleio['endpoint'], 'https://gw:8443/api');
  assert.is(y.scaleio['insecure'], true);
  assert.is(y.scaleio['useCerts'], false);
  assert.is(y.scaleio['systemName'], 'sys');
  // REX-Ray 0.11's Mesos page: preempt and ignoreUsedCount for mesos-module-dvdi, for every module.
  assert.equal(y.libstorage, {
    service: 'scaleio',
    integration: {
      volume: { operations: { mount: { preempt: true }, unmount: { ignoreUsedCount: true } } },
    },
  });
  assert.equal(y.rexray.modules['rexray'], {
    type: 'docker',
    host: 'unix:///run/docker/plugins/rexray.sock',
    libstorage: { service: 'scaleio' },
  });
  // REX-Ray 0.11.4 reads scaleio.version; apiVersion (its docs page) is never read.
  assert.not.ok('apiVersion' in y.scaleio);
  const v = parseStrictYaml(
    revealText(rexrayConfig({ ...p, systemName: 's', apiVersion: '2.0' }, nasty)),
  ) as {
    scaleio: Record<string, unknown>;
  };
  assert.is(v.scaleio['version'], '2.0');
  assert.not.ok('apiVersion' in v.scaleio);
  assert.not.ok(showText(byName).includes('{x}'));
  const byId = parseStrictYaml(revealText(rexrayConfig({ ...p, systemId: '5f1c0e7a' }, nasty))) as {
    scaleio: Record<string, unknown>;
  };
  assert.is(byId.scaleio['systemID'], '5f1c0e7a');
  assert.not.ok('systemName' in byId.scaleio);
});

test('REX-Ray init script edit inserts the scini start once, and refuses a script without a start line', () => {
  const s = '#!/bin/sh\ncase "$1" in\n  start)\n    /usr/bin/rexray start\n    ;;\nesac\n';
  const once = orderInitScript(s);
  assert.is(once._tag, 'Right');
  if (once._tag === 'Right') {
    assert.match(
      once.right,
      / {4}if \[ -e \/etc\/init\.d\/scini \]; then \/etc\/init\.d\/scini start; fi # scaleio-framework: start scini first\n {4}\/usr\/bin\/rexray start/,
    );
    assert.equal(orderInitScript(once.right), once);
  }
  assert.is(orderInitScript('#!/bin/sh\nexit 0\n')._tag, 'Left');
});

test('secrets show their name only, and redact() hides their values in free text', () => {
  const s = secret('adminPassword', SECRET_VALUE);
  assert.is(String(s), '<secret:adminPassword>');
  assert.is(JSON.stringify({ s }), '{"s":"<secret:adminPassword>"}');
  assert.not.ok(inspect({ s }).includes(SECRET_VALUE));
  assert.is(redact(`a ${SECRET_VALUE} b ${SECRET_VALUE}`, [s]), 'a *** b ***');
  assert.is(redact('x', [secret('empty', '')]), 'x');
});

test('step specs round-trip through TaskInfo.data bytes; bad specs are clear InvalidInput values', () => {
  for (const spec of primarySpecs({ layout: 'mesos-slave-dir' })) {
    const back = decodeInstallSpecBytes(Buffer.from(encodeInstallSpec(spec)));
    assert.equal(back, { _tag: 'Right', right: spec });
  }
  const bad = decodeInstallSpec({ component: 'sds', params: { package: { baseUrl: 1 } } });
  assert.is(bad._tag, 'Left');
  if (bad._tag === 'Left') assert.match(bad.left.message, /invalid step spec: .*baseUrl/);
  const notJson = decodeInstallSpecBytes('{nope');
  assert.is(notJson._tag, 'Left');
  if (notJson._tag === 'Left') assert.match(notJson.left.message, /not JSON/);
  assert.is(decodeInstallSpec({ component: 'teleport', params: {} })._tag, 'Left');
});

test('buildPlan refuses specs it cannot honour, with the reason', () => {
  const os = osOf(UBUNTU_2004);
  const pkg = { baseUrl: 'b', version: '1' };
  const msg = (specs: InstallSpec[], withSecret = true): string => {
    const r = buildPlan(
      specs,
      os,
      withSecret ? { adminPassword: secret('adminPassword', 'x') } : {},
    );
    return r._tag === 'Left' ? r.left.message : 'built';
  };
  assert.match(
    msg([{ component: 'lia', params: { package: pkg } }], false),
    /lia needs the adminPassword secret/,
  );
  assert.match(
    msg([{ component: 'mdm', params: { package: pkg } }]),
    /mdm needs role primary, secondary or tiebreaker/,
  );
  assert.match(
    msg([{ component: 'sdc', params: { package: pkg, mdmAddresses: [] } }]),
    /at least one MDM address/,
  );
  assert.match(
    msg([
      {
        component: 'mdm-cluster',
        params: { systemName: 's', primary: { ip: '1' }, managers: [], tiebreakers: [{ ip: '2' }] },
      },
    ]),
    /1 manager \+ 1 tiebreaker/,
  );
  assert.match(
    msg([
      {
        component: 'mdm-cluster',
        params: {
          systemName: 's',
          primary: { ip: '1' },
          managers: [{ ip: '1' }],
          tiebreakers: [{ ip: '2' }],
        },
      },
    ]),
    /must be distinct/,
  );
  assert.match(
    msg([
      {
        component: 'rexray',
        params: { gateway: 'g', protectionDomain: 'p', storagePool: 's', package: pkg },
      },
    ]),
    /exactly one of systemName and systemId/,
  );
  assert.is(msg([{ component: 'sds', params: { package: pkg } }]), 'built');
});

test('dry-run rendering: the exact commands and files for an OS and role, secrets by name', () => {
  const pw = secret('adminPassword', SECRET_VALUE);
  const specs = primarySpecs({ layout: 'mesos-slave-dir' });
  const ubuntu = buildPlan(specs, osOf(UBUNTU_2004), { adminPassword: pw });
  const rhel = buildPlan(specs, osOf(CENTOS_7), { adminPassword: pw });
  if (ubuntu._tag === 'Left' || rhel._tag === 'Left') throw new Error('plan');
  const u = renderPlan(ubuntu.right);
  const r = renderPlan(rhel.right);
  assert.ok(
    u.includes(
      '$ MDM_IP=10.0.0.1,10.0.0.2 dpkg -i /var/cache/scaleio-framework/EMC-ScaleIO-sdc-2.0-10000.2072.Ubuntu.20.04.x86_64.deb',
    ),
  );
  assert.ok(
    u.includes(
      '$ TOKEN=<secret:adminPassword> dpkg -i /var/cache/scaleio-framework/EMC-ScaleIO-lia-2.0-10000.2072.Ubuntu.20.04.x86_64.deb',
    ),
  );
  assert.ok(u.includes('write /etc/rexray/config.yml (mode 0600):'));
  assert.ok(u.includes('      |   password: <secret:adminPassword>'));
  assert.ok(u.includes('$ scli --rename_system --new_name prod'));
  assert.ok(
    r.includes(
      '$ MDM_ROLE_IS_MANAGER=1 rpm -Uvh /var/cache/scaleio-framework/EMC-ScaleIO-mdm-2.0-10000.2072.el7.x86_64.rpm',
    ),
  );
  assert.ok(r.includes('$ yum -y install libaio zip unzip'));
  assert.not.ok(u.includes(SECRET_VALUE) || r.includes(SECRET_VALUE));
  const flatcar = buildPlan([{ component: 'prereqs', params: {} }], {
    _tag: 'supported',
    family: 'flatcar',
    id: 'flatcar',
    version: '3510',
    name: 'Flatcar',
    packageFormat: 'none',
    installer: 'none',
    init: 'systemd',
  });
  if (flatcar._tag === 'Left') throw new Error('plan');
  assert.match(renderPlan(flatcar.right), /nothing to do on this platform/);
});

test.run();
