// (the test executor logs the MESOS_* part of its environment)
// Per-agent options that real agents have as flags: --advertise_ip and
// --executor_environment_variables.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startMesosSim } from '../src/index.js';
import {
  executorTask,
  launchBody,
  startArtifactServer,
  subscribeScheduler,
  testExecutor,
} from './support/cluster.js';
import { checkSchema, eventually, schemaProblems } from './support/scheduler.js';

test('an agent advertises its own IP and gives its executors its own environment', async () => {
  const artifacts = await startArtifactServer();
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => e[0] !== 'NODE_OPTIONS' && e[1] !== undefined,
    ),
  );
  const sim = await startMesosSim({
    agents: [
      { hostname: 'a.sim', ip: '10.9.8.7', executorEnv: { MESOS_TEST_AGENT_EXTRA: '/nodes/a' } },
      { hostname: 'b.sim' },
    ],
    observe: checkSchema,
    executorEnv: base,
    timing: { allocationMs: 100 },
  });
  try {
    const s = await subscribeScheduler(sim, { checkpoint: true });
    const offers = new Map<string, Record<string, unknown>>();
    while (offers.size < 2) for (const o of await s.offers()) offers.set(String(o['hostname']), o);
    const ipOf = (h: string) => (offers.get(h)?.['url'] as { address: { ip: string } }).address.ip;
    assert.is(ipOf('a.sim'), '10.9.8.7');
    assert.is(ipOf('b.sim'), '127.0.0.1');
    const a = offers.get('a.sim') as { id: { value: string }; agent_id: { value: string } };
    assert.is(
      await s.call(
        'ACCEPT',
        launchBody(
          [a.id.value],
          [executorTask('t1', a.agent_id.value, testExecutor(artifacts.url), true)],
        ),
      ),
      202,
    );
    await s.update('t1', 'TASK_RUNNING');
    const ex = await eventually(
      () => sim.state().agents.find((x) => x.hostname === 'a.sim')?.executors[0],
      5000,
      'executor',
    );
    const log = readFileSync(join(ex.sandbox, 'executor.log'), 'utf8');
    const env = JSON.parse((/^env (.*)$/m.exec(log) ?? [])[1] ?? '{}') as Record<string, string>;
    assert.is(env['MESOS_TEST_AGENT_EXTRA'], '/nodes/a');
    assert.equal(schemaProblems, []);
  } finally {
    await sim.stop();
    await artifacts.close();
  }
});

test.run();
