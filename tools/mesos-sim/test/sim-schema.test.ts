import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { requirePrereq } from '@scaleio-framework/testkit';
import {
  loadSchema,
  schemaPrerequisite,
  schemaSkipReason,
  validateMessage,
  SCHEMA_NOT_FOUND,
} from '../src/index.js';

/** Tests that validate against the official schema (skipped without it; CI fails). */
const run = requirePrereq(test, schemaPrerequisite());

run('accepts the reference examples (calls and events)', () => {
  const calls = [
    {
      framework_id: { value: 'F' },
      type: 'DECLINE',
      decline: { offer_ids: [{ value: 'O1' }], filters: { refuse_seconds: 120 } },
    },
    { framework_id: { value: 'F' }, type: 'REVIVE', revive: { roles: ['storage'] } },
    {
      framework_id: { value: 'F' },
      type: 'ACKNOWLEDGE',
      acknowledge: {
        agent_id: { value: 'S0' },
        task_id: { value: 't' },
        uuid: 'jc8bJ1HsT0i9h6mNHqz6aQ==',
      },
    },
    { framework_id: { value: 'F' }, type: 'RECONCILE', reconcile: { tasks: [] } },
    { framework_id: { value: 'F' }, type: 'TEARDOWN' },
  ];
  for (const c of calls)
    assert.equal(validateMessage('mesos.v1.scheduler.Call', c), [], JSON.stringify(c));
  assert.equal(
    validateMessage('mesos.v1.TaskInfo', {
      name: 'x',
      task_id: { value: 't' },
      agent_id: { value: 'S0' },
      limits: { cpus: { value: 2 }, mem: { value: 'Infinity' } },
    }),
    [],
  );
  assert.equal(validateMessage('mesos.v1.scheduler.Event', { type: 'HEARTBEAT' }), []);
});

run('flags the documented mistakes, unknown keys, enums, required fields and scalar types', () => {
  const offersAsArray = validateMessage('mesos.v1.scheduler.Event', { type: 'OFFERS', offers: [] });
  assert.match(offersAsArray.join('\n'), /\$\.offers: expected an object/);
  const topMessage = validateMessage('mesos.v1.scheduler.Event', { type: 'ERROR', message: 'x' });
  assert.match(topMessage.join('\n'), /\$\.message: expected an object/);
  const p = validateMessage('mesos.v1.scheduler.Call', {
    type: 'FOO',
    frameworkId: { value: 'F' },
    subscribe: { framework_info: { user: 'u', failover_timeout: 'soon', checkpoint: 1 } },
    acknowledge: { agent_id: { value: 'S' }, task_id: { value: 't' }, uuid: 'not base64!' },
  });
  const text = p.join('\n');
  assert.match(text, /\$\.type: unknown Type value "FOO"/);
  assert.match(text, /unknown key "frameworkId"/);
  assert.match(text, /failover_timeout: expected double/);
  assert.match(text, /checkpoint: expected bool/);
  assert.match(text, /missing required field "name" of mesos\.v1\.FrameworkInfo/);
  assert.match(text, /uuid: expected base64 bytes/);
  assert.match(
    validateMessage('mesos.v1.Value.Range', { begin: -1, end: 1.5 }).join('\n'),
    /begin: expected uint64[\s\S]*end: expected uint64/,
  );
  assert.match(
    validateMessage('mesos.v1.CommandInfo', { arguments: 'a' }).join('\n'),
    /expected an array/,
  );
  assert.equal(validateMessage('mesos.v1.NoSuchType', {}), [
    'unknown message type mesos.v1.NoSuchType',
  ]);
});

test('reports a missing schema as one skip-able problem', () => {
  const missing = loadSchema('/nonexistent/mesos-proto');
  assert.is(missing._tag, 'SchemaNotFound');
  const problems = validateMessage('mesos.v1.scheduler.Call', {}, missing);
  assert.is(problems.length, 1);
  assert.ok(problems[0]?.startsWith(SCHEMA_NOT_FOUND));
  assert.ok(schemaSkipReason(missing)?.startsWith(SCHEMA_NOT_FOUND));
});

test.run();
