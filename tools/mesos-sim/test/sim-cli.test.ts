import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkSimCli, freePort } from '@scaleio-framework/testkit';
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

const built = fileURLToPath(new URL('../dist/bin/mesos-sim.js', import.meta.url));
/** The built CLI under plain node; the source through tsx when it is not built. */
const BIN = existsSync(built)
  ? built
  : fileURLToPath(new URL('../src/bin/mesos-sim.ts', import.meta.url));

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
  const isolated = parseCli(['--agents', '2', '--agent-isolation', 'cgroups/cpu,cgroups/mem']);
  assert.equal('opts' in isolated ? isolated.opts.agents : undefined, [
    { isolation: 'cgroups/cpu,cgroups/mem' },
    { isolation: 'cgroups/cpu,cgroups/mem' },
  ]);
  assert.equal(parseCli(['--agents=-1']), { error: "--agents must be an integer >= 0, got '-1'" });
  assert.ok('error' in parseCli(['--agent-resources', 'cpus']));
  assert.ok('error' in parseCli(['--bogus']));
  // Static reservations and the sim-scaled master timeouts.
  const reserved = parseCli([
    '--agent-resources',
    'cpus:1;cpus(ads):2',
    '--agent-ping-timeout-ms',
    '100',
    '--max-agent-ping-timeouts',
    '3',
    '--agent-reregister-timeout-ms',
    '2000',
    '--agent-reregister-delay-ms',
    '0',
  ]);
  if (!('opts' in reserved)) throw new Error(JSON.stringify(reserved));
  assert.equal((reserved.opts.agents as { resources?: unknown[] }[])[0]?.resources?.[1], {
    name: 'cpus',
    type: 'SCALAR',
    scalar: { value: 2 },
    role: 'ads',
  });
  assert.equal(reserved.opts.timing, {
    agentPingTimeoutMs: 100,
    maxAgentPingTimeouts: 3,
    agentReregisterTimeoutMs: 2000,
    agentReregisterDelayMs: 0,
  });
  assert.ok('error' in parseCli(['--max-agent-ping-timeouts', '0']));
  for (const [t, j] of agents.flatMap((a) =>
    (a.attributes ?? []).map((x) => ['mesos.v1.Attribute', x] as const),
  ))
    checkSchema(t, j, 'cli');
  for (const x of agents[0]?.resources ?? []) checkSchema('mesos.v1.Resource', x, 'cli');
  assert.equal(schemaProblems, []);
});

test('the built CLI runs under plain node, prints the ready line, serves offers, exits on SIGTERM', async () => {
  const port = await freePort();
  const { process: p } = await checkSimCli({
    name: 'mesos-sim',
    bin: BIN,
    args: [
      '--port',
      String(port),
      '--agents',
      '2',
      '--hostnames',
      'n1,n2',
      '--agent-attributes',
      'zone:z1',
    ],
    whileRunning: async (url) => {
      const s = await openStream(`${url}/api/v1/scheduler`, subscribeCall());
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
    },
  });
  assert.is(p.stdout().split('\n')[0], `mesos-sim listening on http://127.0.0.1:${port}`);
});

test.run();
