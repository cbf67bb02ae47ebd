import { inspect } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig, type ConfigInputs } from '../src/config/load.js';
import { configReference, helpText } from '../src/config/reference.js';
import { schedulerOptions } from '../src/config/options.js';

const PW = 'Sup3r-s3cret-pw!';
const load = (
  argv: string[],
  env: Record<string, string> = {},
  files: Record<string, string> = {},
) => {
  const inputs: ConfigInputs = {
    argv,
    env,
    readFile: (p) => {
      const f = files[p];
      if (f === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      return f;
    },
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
    '--failover-timeout / SCALEIO_FAILOVER_TIMEOUT (from flag): expected positive integer, got "soon"',
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
    ["--config /c.yaml: unknown option 'storagepool'"],
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
  const c = ok(load(['--password', PW, '--operator-token', 'tok-123456']));
  const printed = [
    JSON.stringify(c),
    inspect(c, { depth: 5 }),
    `${c.password}`,
    String(c.operatorToken),
  ].join('\n');
  assert.not.match(printed, PW);
  assert.not.match(printed, 'tok-123456');
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

test.run();
