import { inspect } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { realFs } from '@scaleio-framework/operator';
import { loadConfig, type ConfigInputs } from '../src/config/load.js';
import { configReference, helpText } from '../src/config/reference.js';
import { schedulerOptions } from '../src/config/options.js';
import { clusterSpecOf } from '../src/scheduler/settings.js';

const PW = 'Sup3r-s3cret-pw!';
/** Required options besides the password, given in every case (an environment a test may override). */
const REQUIRED_ENV: Record<string, string> = {
  SCALEIO_PACKAGE_REPO_URL: 'http://repo.test/scaleio/',
  SCALEIO_PACKAGE_SHA256_FILE: '/sums/SHA256SUMS',
  SCALEIO_EXECUTOR_RUNTIME_URL: '/opt/runtime/node-v22.11.0-linux-x64-glibc-217.tar.xz',
  SCALEIO_EXECUTOR_RUNTIME_SHA256:
    'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
};
const REQUIRED_FILES: Record<string, string> = {
  '/sums/SHA256SUMS': `${'a'.repeat(64)}  EMC-ScaleIO-sds-2.0-10000.2072.el7.x86_64.rpm\n`,
};
const load = (
  argv: string[],
  env: Record<string, string> = {},
  files: Record<string, string> = {},
) => {
  const all: Record<string, string> = { ...REQUIRED_FILES, ...files };
  const inputs: ConfigInputs = {
    argv,
    env: { ...REQUIRED_ENV, ...env },
    readFile: (p) => {
      const f = all[p];
      if (f === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      return f;
    },
    kind: (p) => (all[p] !== undefined ? 'file' : realFs.kind(p)),
  };
  return loadConfig(inputs);
};
const ok = (r: ReturnType<typeof load>) => {
  if (r._tag !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.config;
};
const problems = (r: ReturnType<typeof load>) => (r._tag === 'invalid' ? r.problems : []);

test('defaults, with the one required option given', () => {
  const c = ok(load(['--password', PW]));
  assert.is(c.master, 'http://127.0.0.1:5050');
  assert.is(c.failoverTimeout, 604800);
  assert.is(c.gatewayInsecure, false);
  assert.is(c.mode, 'full');
  assert.equal(c.existingMdmIps, []);
  assert.is(c.password.reveal(), PW);
});

test('the password is required and named in the message', () => {
  assert.equal(problems(load([])), ['--password / SCALEIO_PASSWORD: required, not set']);
});

test('precedence: flag over environment over file over default', () => {
  const files = { '/c.yaml': 'role: from-file\nsystemName: file-sys\nlistenPort: 9000\n' };
  const c = ok(
    load(
      ['--config', '/c.yaml', '--role=from-flag'],
      { SCALEIO_ROLE: 'from-env', SCALEIO_SYSTEM_NAME: 'env-sys', SCALEIO_PASSWORD: PW },
      files,
    ),
  );
  assert.is(c.role, 'from-flag');
  assert.is(c.systemName, 'env-sys');
  assert.is(c.listenPort, 9000);
  assert.is(c.storagePool, 'default');
});

test("Marathon's PORT0 sets the listen port; JSON files work too", () => {
  const c = ok(
    load(
      ['--config', '/c.json'],
      { PORT0: '31005' },
      { '/c.json': JSON.stringify({ password: PW, existingMdmIps: ['10.0.0.1', '10.0.0.2'] }) },
    ),
  );
  assert.is(c.listenPort, 31005);
  assert.equal(c.existingMdmIps, ['10.0.0.1', '10.0.0.2']);
});

test('every bad value is reported with the option, its source and what was expected', () => {
  const ps = problems(
    load(
      [
        '--password',
        PW,
        '--failover-timeout',
        'soon',
        '--mode',
        'partial',
        '--gateway-insecure=maybe',
      ],
      { SCALEIO_LISTEN_PORT: '-1' },
    ),
  );
  assert.equal(ps, [
    '--failover-timeout / SCALEIO_FAILOVER_TIMEOUT (from flag): expected seconds (1-9223372036, a Mesos Duration), got "soon"',
    '--listen-port / SCALEIO_LISTEN_PORT (from SCALEIO_LISTEN_PORT): expected port (0-65535), got "-1"',
    '--mode / SCALEIO_MODE (from flag): expected full | existing, got "partial"',
    '--gateway-insecure / SCALEIO_GATEWAY_INSECURE (from flag): expected boolean (true or false), got "maybe"',
  ]);
});

test('unknown flags, unknown file keys, unreadable and malformed files are errors', () => {
  assert.equal(problems(load(['--password', PW, '--pasword', 'x'])), [
    '--pasword: unknown option (see --help)',
  ]);
  assert.equal(
    problems(
      load(['--password', PW, '--config', '/c.yaml'], {}, { '/c.yaml': 'storagepool: x\n' }),
    ),
    ['--config /c.yaml: unknown option "storagepool"'],
  );
  assert.equal(problems(load(['--password', PW, '--config', '/none.yaml'])), [
    '--config /none.yaml: cannot read it (ENOENT)',
  ]);
  assert.match(
    problems(load(['--password', PW, '--config', '/c.yaml'], {}, { '/c.yaml': 'a: [1\n' }))[0] ??
      '',
    /not valid YAML/,
  );
  assert.equal(
    problems(load(['--password', PW, '--config', '/c.yaml'], {}, { '/c.yaml': '- 1\n' })),
    ['--config /c.yaml: must hold a mapping of option names to values'],
  );
  assert.equal(problems(load(['--role'])), [
    '--role: needs a value',
    '--password / SCALEIO_PASSWORD: required, not set',
  ]);
});

test('booleans: bare flag, --no- prefix', () => {
  assert.is(ok(load(['--password', PW, '--gateway-insecure'])).gatewayInsecure, true);
  assert.is(
    ok(load(['--password', PW, '--no-gateway-insecure'], { SCALEIO_GATEWAY_INSECURE: 'true' }))
      .gatewayInsecure,
    false,
  );
});

test('rules between options: existing mode, ZooKeeper store', () => {
  assert.equal(
    problems(load(['--password', PW, '--mode', 'existing', '--existing-mdm-ips', '10.0.0.1'])),
    [
      "--existing-mdm-ips: mode 'existing' needs the addresses of at least 2 MDMs (primary and secondary)",
      "--gateway-url: mode 'existing' needs the gateway URL",
    ],
  );
  assert.match(
    problems(load(['--password', PW, '--state-store', 'zk', '--zk-url', 'zk://h:2181']))[0] ?? '',
    /zk:\/\/host:port/,
  );
  assert.is(
    ok(load(['--password', PW, '--state-store', 'zk', '--zk-url', 'zk://h:2181/sf'])).zkUrl,
    'zk://h:2181/sf',
  );
});

test('secrets never print: not in JSON, inspect, template strings, or error messages', () => {
  const c = ok(load(['--password', PW, '--operator-token', 'tok-123456-abcdefghijklmnopq']));
  const printed = [
    JSON.stringify(c),
    inspect(c, { depth: 5 }),
    `${c.password}`,
    String(c.operatorToken),
  ].join('\n');
  assert.not.match(printed, PW);
  assert.not.match(printed, 'tok-123456-abcdefghijklmnopq');
  const bad = problems(load(['--password', PW, '--mode', 'existing']));
  assert.not.match(bad.join('\n'), PW);
});

test('the reference table and --help list every option', () => {
  const ref = configReference();
  const help = helpText('scaleio-scheduler');
  for (const k of Object.keys(schedulerOptions)) {
    assert.match(ref, `\`${k}\``);
  }
  assert.match(ref, '`--password` | `SCALEIO_PASSWORD` | `password` | _required_');
  assert.match(help, '--failover-timeout');
  assert.equal(load(['--help']), { _tag: 'help' });
});

test('task memory per kind: validated, and what the cluster spec asks Mesos for', () => {
  const c = ok(
    load(['--password', PW, '--repo-install-mem-mb', '1024'], { SCALEIO_GATEWAY_MEM_MB: '2048' }),
  );
  const s = clusterSpecOf(c);
  assert.equal(
    [s.repoInstallMemMb, s.packageInstallMemMb, s.gatewayMemMb, s.stepMemMb, s.executorMemMb],
    [1024, 256, 2048, 64, 256],
  );
  const bad = problems(
    load(['--password', PW, '--executor-mem-mb', '0', '--package-install-mem-mb', '1.5']),
  );
  assert.equal(bad, [
    '--package-install-mem-mb / SCALEIO_PACKAGE_INSTALL_MEM_MB (from flag): expected memory in MB (an integer 1-1048576), got "1.5"',
    '--executor-mem-mb / SCALEIO_EXECUTOR_MEM_MB (from flag): expected memory in MB (an integer 1-1048576), got "0"',
  ]);
});

test.run();
