import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCli } from '../src/bin/cli-options.js';
import {
  checkSchema,
  ofType,
  openStream,
  schemaProblems,
  subscribeCall,
} from './support/scheduler.js';

const BIN = fileURLToPath(new URL('../dist/bin/mesos-sim.js', import.meta.url));

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0));
    });
  });

test('option parsing: per-agent resources and attributes, hostnames, and clear errors', () => {
  const r = parseCli([
    '--agents',
    '2',
    '--agent-resources',
    'cpus:2;mem:1024;ports:[31000-31009]',
    '--agent-attributes',
    'rack:r1',
    '--agent-attributes',
    'rack:r2;level:3',
    '--hostnames',
    'h1,h2',
  ]);
  if (!('opts' in r)) throw new Error(JSON.stringify(r));
  const agents = r.opts.agents as {
    hostname?: string;
    resources?: unknown[];
    attributes?: unknown[];
  }[];
  assert.is(agents.length, 2);
  assert.is(agents[1]?.hostname, 'h2');
  assert.equal(agents[0]?.resources, agents[1]?.resources);
  assert.equal(agents[0]?.resources?.[2], {
    name: 'ports',
    type: 'RANGES',
    ranges: { range: [{ begin: 31000, end: 31009 }] },
  });
  assert.equal(agents[1]?.attributes, [
    { name: 'rack', type: 'TEXT', text: { value: 'r2' } },
    { name: 'level', type: 'SCALAR', scalar: { value: 3 } },
  ]);
  assert.equal(parseCli(['--agents=-1']), { error: "--agents must be an integer >= 0, got '-1'" });
  assert.ok('error' in parseCli(['--agent-resources', 'cpus']));
  assert.ok('error' in parseCli(['--bogus']));
  for (const [t, j] of agents.flatMap((a) =>
    (a.attributes ?? []).map((x) => ['mesos.v1.Attribute', x] as const),
  ))
    checkSchema(t, j, 'cli');
  for (const x of agents[0]?.resources ?? []) checkSchema('mesos.v1.Resource', x, 'cli');
  assert.equal(schemaProblems, []);
});

const run = existsSync(BIN) ? test : test.skip;
if (!existsSync(BIN))
  console.log(`sim-cli: ${BIN} not built (run tsc -b); CLI process check skipped`);

run(
  'the built CLI runs under plain node, prints the ready line, serves offers, exits on SIGTERM',
  async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        BIN,
        '--port',
        String(port),
        '--agents',
        '2',
        '--hostnames',
        'n1,n2',
        '--agent-attributes',
        'zone:z1',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_OPTIONS: '' },
      },
    );
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      assert.is(line, `mesos-sim listening on http://127.0.0.1:${port}`);
      const s = await openStream(`http://127.0.0.1:${port}/api/v1/scheduler`, subscribeCall());
      try {
        const offers = (
          (await s.next(ofType('OFFERS')))['offers'] as {
            offers: { hostname: string; attributes: unknown[] }[];
          }
        ).offers;
        assert.equal(offers.map((o) => o.hostname).sort(), ['n1', 'n2']);
        assert.equal(offers[0]?.attributes, [
          { name: 'zone', type: 'TEXT', text: { value: 'z1' } },
        ]);
      } finally {
        s.close();
      }
      const exited = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => resolve(code)),
      );
      child.kill('SIGTERM');
      assert.is(await exited, 0);
    } finally {
      child.kill('SIGKILL');
    }
  },
);

test.run();
