import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  checkSimCli,
  childEnv,
  cliSpec,
  optionTable,
  parseFlags,
  readyLine,
  readyLinePattern,
  runProcess,
  usage,
  type CliSpec,
} from '../src/index.js';

const fakeSim = fileURLToPath(new URL('./fixtures/fake-sim.ts', import.meta.url));
const spec: CliSpec = cliSpec(
  'x-sim',
  'A simulator.',
  `
    --port <port>   TCP port
    --node <id>...  a node
    --tls           serve HTTPS
  `,
  'More words.',
);

test('usage: one aligned line per option, --help and --version included, notes last', () => {
  assert.is(
    usage(spec),
    [
      'usage: x-sim [options]',
      '',
      'A simulator.',
      '',
      'options:',
      '      --port <port>  TCP port',
      '      --node <id>    a node (repeatable)',
      '      --tls          serve HTTPS',
      '  -h, --help         print this help and exit',
      '      --version      print the version and exit',
      '',
      'More words.',
    ].join('\n'),
  );
});

test('optionTable reads the help-shaped table; other lines throw', () => {
  assert.equal(
    optionTable(`
      --port <port>  TCP port

      --node <id>...  a node
      -v, --verbose  say more
    `),
    [
      { name: 'port', type: 'string', description: 'TCP port', value: '<port>' },
      { name: 'node', type: 'string', description: 'a node', value: '<id>', multiple: true },
      { name: 'verbose', type: 'boolean', description: 'say more', short: 'v' },
    ],
  );
  assert.throws(() => optionTable('port <p>  no dashes'), /not an option line/);
  assert.throws(() => optionTable('--port <p> one space only'), /not an option line/);
});

test('parseFlags: values, help, and errors for unknown options and positionals', () => {
  const r = parseFlags(spec, ['--port', '80', '--node', 'a', '--node=b', '--tls']);
  if (!('flags' in r)) throw new Error(JSON.stringify(r));
  assert.is(r.flags.string('port'), '80');
  assert.equal(r.flags.strings('node'), ['a', 'b']);
  assert.is(r.flags.string('node'), 'b');
  assert.is(r.flags.boolean('tls'), true);
  assert.is(r.flags.values['tls'], true);
  assert.equal(r.flags.strings('missing'), []);
  assert.is(r.flags.boolean('missing'), false);
  assert.equal(parseFlags(spec, ['-h']), { help: true });
  assert.ok('error' in parseFlags(spec, ['--bogus']));
  assert.ok('error' in parseFlags(spec, ['stray']));
  assert.ok('error' in parseFlags(spec, ['--port']));
});

test('the ready line and its pattern', () => {
  const line = readyLine('x.sim', 'http://127.0.0.1:1');
  assert.is(line, 'x.sim listening on http://127.0.0.1:1');
  assert.is(readyLinePattern('x.sim').exec(line)?.[1], 'http://127.0.0.1:1');
  assert.is(readyLinePattern('x.sim').exec('xysim listening on u'), null);
});

test('runSimCli + checkSimCli: help, details, ready line, serving, SIGTERM exit 0', async () => {
  const { url, process: p } = await checkSimCli({
    name: 'fake-sim',
    bin: fakeSim,
    args: ['--greeting', 'hello'],
    whileRunning: async (u) => assert.is(await (await fetch(u)).text(), 'hello'),
  });
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(p.lines(), ['fake-sim greeting=hello', `fake-sim listening on ${url}`]);
});

test('usage errors exit 2 with the usage on stderr; a failed start exits 1', async () => {
  const run = (...args: string[]) =>
    runProcess({
      command: process.execPath,
      args: ['--import', 'tsx', fakeSim, ...args],
      env: childEnv(),
    });
  const bad = await run('--bogus');
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /^fake-sim: .*--bogus[^]*usage: fake-sim \[options\]/);
  assert.is((await run('--port', 'x')).code, 2);
  const failed = await run('--fail');
  assert.is(failed.code, 1);
  assert.match(failed.stderr, /fake-sim: failed to start: asked to fail/);
  assert.is(failed.stdout, '');
});

test.run();
