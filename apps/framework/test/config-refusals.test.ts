// Every bad configuration is refused at start, before any effect: the built scheduler, run with
// plain node, exits 2 and says in one line per problem which option is wrong and why — never a
// stack, never the password or the token (canaries below), never the text of a config file.
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { childEnv, makeTempDir, runProcess } from '@scaleio-framework/testkit';
import { requiredEnv } from './support/required.js';

const BIN = join(
  resolve(dirname(fileURLToPath(import.meta.url)), '..'),
  'dist/bundle/scaleio-scheduler.mjs',
);
const PW = 'Canary-Pw-7f3e9a1c';
const TOKEN = 'Canary-Token-0b5d2e84c6a1f93';
const dir = makeTempDir('config-refusals-');
const file = (name: string, text: string): string => {
  writeFileSync(dir.join(name), text);
  return dir.join(name);
};
const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

/** A bad configuration: its arguments (the canary password is added unless `noPassword`). */
interface Case {
  readonly name: string;
  readonly argv: readonly string[];
  /** What the one line must name: the option (or `argument` for a stray one). */
  readonly names: string;
  readonly env?: Record<string, string>;
  readonly noPassword?: boolean;
}

const c = (
  names: string,
  argv: readonly string[],
  more: Partial<Omit<Case, 'names' | 'argv'>> = {},
): Case => ({
  name: more.name ?? `${argv.join(' ').slice(0, 70)}`,
  names,
  argv,
  ...more,
});

const cases: readonly Case[] = [
  // Mesos
  c('--master', ['--master', 'zk://h1:notaport/mesos']),
  c('--master', ['--master', 'zk://h1:2181,h2:99999/mesos']),
  c('--master', ['--master', 'zk://h1:2181,,h2:2181/mesos']),
  c('--master', ['--master', 'ftp://m1:5050']),
  c('--master', ['--master', 'http://m1:5050,not a url']),
  c('--master', ['--master', ' ']),
  c('--role', ['--role', '-storage']),
  c('--role', ['--role', 'a//b']),
  c('--role', ['--role', 'has space']),
  c('--failover-timeout', ['--failover-timeout', '0']),
  c('--failover-timeout', ['--failover-timeout', '-5']),
  c('--failover-timeout', ['--failover-timeout', '1e300']),
  c('--reconcile-interval', ['--reconcile-interval', '1e15']),
  c('--reconcile-interval', ['--reconcile-interval', '2147484']),
  c('--discovery-interval', ['--discovery-interval', '0']),
  c('--discovery-interval', ['--discovery-interval', '1.5']),
  // HTTP and the operator API
  c('--listen-port', ['--listen-port', '65536']),
  c('--listen-port', [], {
    env: { SCALEIO_LISTEN_PORT: 'http' },
    name: 'SCALEIO_LISTEN_PORT=http',
  }),
  c('--listen-host', ['--listen-host', 'bad host']),
  c('--advertise-url', ['--advertise-url', 'not-a-url']),
  c('--advertise-url', ['--advertise-url', 'ftp://x.example/']),
  c('--executor-path', ['--executor-path', '/nonexistent/scaleio-executor.mjs']),
  c('--operator-token', ['--operator-token', 'short-token']),
  c('--operator-token', ['--operator-token', `${TOKEN} with spaces`]),
  // state
  c('--state-file', ['--state-file', '/nonexistent-dir/state.json']),
  c('--state-file', ['--state-file', dir.path]),
  c('--zk-url', ['--state-store', 'zk']),
  c('--zk-url', ['--state-store', 'zk', '--zk-url', 'zk://h:notaport/sf']),
  c('--zk-url', ['--state-store', 'zk', '--zk-url', 'zk://h:2181/']),
  c('--state-store', ['--state-store', 'nosql']),
  // ScaleIO
  c('--mode', ['--mode', 'partial']),
  c('--mdm-count', ['--mdm-count', '4']),
  c('--existing-mdm-ips', [
    '--mode',
    'existing',
    '--existing-mdm-ips',
    '10.0.0.1',
    '--gateway-url',
    'https://gw.example',
  ]),
  c('--existing-mdm-ips', ['--existing-mdm-ips', '10.0.0.256']),
  c('--gateway-url', ['--gateway-url', 'gw.example']),
  c('--gateway-url', ['--gateway-url', `https://admin:${PW}@gw.example/`], {
    name: 'a gateway URL with the password in it',
  }),
  c('--password', ['--password', '   '], { noPassword: true, name: 'blank password' }),
  c('--password', [], { noPassword: true, name: 'no password' }),
  c('--gateway-ca-file', ['--gateway-ca-file', '/nonexistent/ca.pem']),
  c('--gateway-ca-file', ['--gateway-ca-file', file('not-a-ca.pem', `password: ${PW}\n`)]),
  c('--gateway-insecure', ['--gateway-insecure=maybe']),
  // install
  c('--package-repo-url', ['--package-repo-url', 'not-a-url']),
  c('--package-sha256-file', ['--package-sha256-file', '/nonexistent/SHA256SUMS']),
  c('--package-sha256-file', ['--package-sha256-file', file('sums.txt', `sums ${PW}\n`)]),
  c('--package-repo-ca-file', ['--package-repo-ca-file', file('not-a-ca', `ca: ${PW}\n`)]),
  c('--scaleio-version', ['--scaleio-version', '2.0; rm -rf /']),
  c('--agent-flags', ['--agent-flags', 'flags-file:relative/flags']),
  c('--agent-flags', ['--agent-flags', 'systemd']),
  c('--agent-service', ['--agent-service', 'mesos slave']),
  c('--disk-allow', ['--disk-allow', '/tmp/disk']),
  c('--disk-min-size-gib', ['--disk-min-size-gib', '-1']),
  c('--mdm-min-cpus', ['--mdm-min-cpus', '-0.5']),
  c('--mdm-min-mem-mb', ['--mdm-min-mem-mb', 'lots']),
  c('--step-cpus', ['--step-cpus', '0']),
  c('--step-mem-mb', ['--step-mem-mb', 'NaN']),
  c('--max-attempts', ['--max-attempts', '0']),
  c('--max-attempts', ['--max-attempts', '-3']),
  c('--decline-refuse-seconds', ['--decline-refuse-seconds', '-1']),
  c('--max-concurrent-restarts', ['--max-concurrent-restarts', '0']),
  // healing
  c('--healing-interval', ['--healing-interval', '-1']),
  c('--healing-config', ['--healing-config', '/nonexistent/healing.yaml']),
  c('--healing-config', ['--healing-config', file('bad-alias.yaml', `policy: *${PW}\n`)]),
  c('--healing-config', ['--healing-config', file('bad.json', `{"policy": "${PW}",}`)]),
  c('--healing-config', ['--healing-config', file('unknown.yaml', 'colour: blue\n')]),
  c('--healing-config', [
    '--healing-enabled',
    '--healing-config',
    file('kms.yaml', 'volume:\n  kmsKeyId: k\n  encrypted: false\n'),
  ]),
  c('--cluster-id', ['--cluster-id', 'has space']),
  c('--aws-region', ['--aws-region', 'Europe']),
  c('--ec2-endpoint', ['--ec2-endpoint', 'not a url']),
  c('--log-level', ['--log-level', 'verbose']),
  // the command line and the --config file
  c('--pasword', ['--pasword', PW], { name: 'a misspelt option (its value is the password)' }),
  c('argument', ['--password', 'Canary-Pw', '7f3e9a1c'], {
    noPassword: true,
    name: 'an unquoted password with a space: the stray half is not echoed',
  }),
  c('--role', ['--role']),
  c('--config', ['--config', file('alias.yaml', `password: *${PW}\n`)], {
    noPassword: true,
    name: 'YAML: a password read as an alias',
  }),
  c('--config', ['--config', file('broken.json', `{"password": ${PW}}`)], {
    noPassword: true,
    name: 'JSON: a password without quotes',
  }),
  c('--config', ['--config', file('unknown.yaml', 'storagepool: x\n')]),
  c('--config', ['--config', file('proto.json', '{"__proto__": {"role": "x"}}')]),
  c('--config', ['--config', '/nonexistent/config.yaml']),
  c('--role', ['--config', file('deep.json', `{"role": ${deep(100_000)}}`)], {
    name: 'a value nested 100,000 deep',
  }),
  c('--failover-timeout', ['--config', file('huge.json', '{"failoverTimeout": 1e400}')]),
  // The executor's Node.js runtime: Node's archive naming, a sha256, and bytes that match it.
  c('--executor-runtime-url', ['--executor-runtime-url', '/srv/node.tar.gz']),
  c('--executor-runtime-url', ['--executor-runtime-url', 'node-v22.11.0-linux-x64.tar.gz']),
  c('--executor-runtime-url', ['--executor-runtime-url', '/srv/node-v18.20.4-linux-x64.tar.gz']),
  c('--executor-runtime-sha256', ['--executor-runtime-sha256', 'not-a-digest']),
  c(
    '--executor-runtime-url',
    ['--executor-runtime-url', file('node-v22.11.0-linux-x64-glibc-217.tar.gz', 'not these bytes')],
    {
      name: 'a runtime archive whose sha256 is not the configured one',
      env: {
        SCALEIO_PACKAGE_REPO_URL: 'http://127.0.0.1:9/repo/',
        SCALEIO_PACKAGE_SHA256_FILE: file('sums', `${'a'.repeat(64)}  x.rpm\n`),
      },
    },
  ),
];

/** Runs the built scheduler with a bad configuration (it must end by itself, quickly). */
const refuse = (k: Case) =>
  runProcess({
    command: process.execPath,
    args: [BIN, ...(k.noPassword ? [] : ['--password', PW]), ...k.argv],
    // every other required option valid (runtime archive, package sums), so that the one
    // problem is the case's
    env: childEnv({ SCALEIO_STATE_FILE: dir.join('state.json'), ...requiredEnv, ...k.env }),
    name: 'scaleio-scheduler',
    timeoutMs: 60_000,
  });

test(`the table has at least 50 bad configurations (${cases.length})`, () => {
  assert.ok(cases.length >= 50);
});

// Two processes at a time (the machine is shared), all queued before the first test.
const results: Promise<Awaited<ReturnType<typeof refuse>>>[] = [];
test.before(() => {
  const lanes: Promise<unknown>[] = [Promise.resolve(), Promise.resolve()];
  cases.forEach((k, i) => {
    const run = (lanes[i % 2] ?? Promise.resolve()).then(() => refuse(k));
    lanes[i % 2] = run.catch(() => undefined);
    results.push(run);
  });
});

cases.forEach((k, i) => {
  test(`refused: ${k.name}`, async () => {
    const r = await results[i];
    assert.ok(r !== undefined);
    const out = `${r.stdout}${r.stderr}`;
    assert.is(r.code, 2, `exit code ${r.code}: ${out}`);
    const lines = r.stderr.trimEnd().split('\n');
    assert.ok(
      lines.some((l) => l.startsWith('scaleio-scheduler: ') && l.includes(k.names)),
      `no line names ${k.names}: ${r.stderr}`,
    );
    assert.ok(
      lines.every((l) => l.startsWith('scaleio-scheduler: ')),
      `every line is one problem: ${r.stderr}`,
    );
    assert.not.match(out, /\n\s+at .+:\d+:\d+/, 'no stack');
    assert.not.match(out, /(Type|Range|Reference|Syntax)Error/, 'no exception');
    assert.not.match(out, '7f3e9a1c', 'the password canary is never echoed');
    assert.not.match(out, '0b5d2e84c6a1f93', 'the token canary is never echoed');
  });
});

test.after(() => dir.remove());

test.run();
