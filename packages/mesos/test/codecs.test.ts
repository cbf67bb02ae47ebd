import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as E from 'fp-ts/lib/Either.js';
import {
  ExecutorCall,
  ExecutorEvent,
  SchedulerCall,
  SchedulerEvent,
  TaskInfo,
  decodeSchedulerEvent,
  isTerminalState,
} from '../src/index.js';
import { portsRes, scalarRes } from './helpers.js';

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left).slice(0, 300)}`);
  return e.right;
};

test('OFFERS as the master builds it decodes in place; extra fields are tolerated, never re-sent', () => {
  const json = {
    type: 'OFFERS',
    offers: {
      offers: [
        {
          id: { value: 'M-O12' },
          framework_id: { value: 'M-0000' },
          agent_id: { value: 'M-S0' },
          hostname: 'agent-1.example',
          url: {
            scheme: 'http',
            address: { hostname: 'agent-1.example', ip: '10.0.0.21', port: 5051 },
            path: '/slave(1)',
          },
          allocation_info: { role: 'storage' },
          resources: [scalarRes('cpus', 4), portsRes([[31000, 32000]], false)],
          attributes: [{ name: 'rack', type: 'TEXT', text: { value: 'r1' } }],
          executor_ids: [{ value: 'e1' }],
          future_field: { whatever: true },
        },
      ],
    },
    another_unknown: 1,
  };
  const ev = right(SchedulerEvent.decode(json));
  assert.is(ev.type, 'OFFERS');
  if (ev.type !== 'OFFERS') return;
  const offer = ev.offers.offers?.[0];
  assert.is(offer?.hostname, 'agent-1.example');
  assert.is(offer?.resources?.[1]?.ranges?.range?.[0]?.end, 32000);
  // Validated in place, like t.type: the decoded event is the parsed object itself.
  assert.is(ev, json as unknown);
  assert.is(offer, json.offers.offers[0] as unknown);
  // Unknown fields are not part of the type and never encoded back to Mesos.
  const echoed = SchedulerEvent.encode(ev) as unknown as typeof json;
  assert.not.ok('future_field' in (echoed.offers.offers[0] ?? {}));
  assert.not.ok('another_unknown' in echoed);
});

test("the docs' wrong forms are rejected: flat offers list and top-level ERROR message", () => {
  assert.ok(E.isLeft(SchedulerEvent.decode({ type: 'OFFERS', offers: [{ id: { value: 'x' } }] })));
  assert.ok(E.isLeft(SchedulerEvent.decode({ type: 'ERROR', message: 'boom' })));
  assert.ok(E.isLeft(SchedulerEvent.decode({ type: 'NOPE' })));
});

test('reference events decode from RecordIO bytes', () => {
  const lines = [
    '{"type":"SUBSCRIBED","subscribed":{"framework_id":{"value":"F-0000"},"heartbeat_interval_seconds":15.0,"master_info":{"id":"m","ip":184549386,"port":5050,"hostname":"master-1.example","address":{"hostname":"master-1.example","ip":"10.0.0.11","port":5050},"capabilities":[{"type":"AGENT_UPDATE"}]}}}',
    '{"type":"UPDATE","update":{"status":{"task_id":{"value":"vol-agent.7f3c"},"state":"TASK_RUNNING","source":"SOURCE_EXECUTOR","agent_id":{"value":"S0"},"executor_id":{"value":"e"},"timestamp":1718000000.123,"uuid":"jc8bJ1HsT0i9h6mNHqz6aQ==","message":"mounted","data":"eyJtb3VudCI6Ii9tbnQvdm9sLTEifQ==","container_status":{"container_id":{"value":"b4c0"}}}}}',
    '{"type":"FAILURE","failure":{"agent_id":{"value":"S0"},"executor_id":{"value":"e"},"status":256}}',
    '{"type":"UPDATE_OPERATION_STATUS","update_operation_status":{"status":{"operation_id":{"value":"op-1"},"state":"OPERATION_FINISHED","uuid":{"value":"jc8bJ1HsT0i9h6mNHqz6aQ=="},"agent_id":{"value":"S0"}}}}',
    '{"type":"INVERSE_OFFERS","inverse_offers":{"inverse_offers":[{"id":{"value":"M-O77"},"framework_id":{"value":"F"},"agent_id":{"value":"S0"},"unavailability":{"start":{"nanoseconds":1718000000000000000},"duration":{"nanoseconds":3600000000000}}}]}}',
    '{"type":"RESCIND_INVERSE_OFFER","rescind_inverse_offer":{"inverse_offer_id":{"value":"M-O77"}}}',
    '{"type":"HEARTBEAT"}',
  ];
  const types = lines.map((l) => right(decodeSchedulerEvent(Buffer.from(l))).type);
  assert.equal(types, [
    'SUBSCRIBED',
    'UPDATE',
    'FAILURE',
    'UPDATE_OPERATION_STATUS',
    'INVERSE_OFFERS',
    'RESCIND_INVERSE_OFFER',
    'HEARTBEAT',
  ]);
  const bad = decodeSchedulerEvent(Buffer.from([0xff, 0xfe]));
  assert.ok(E.isLeft(bad) && bad.left._tag === 'DecodeError' && /UTF-8/.test(bad.left.message));
  const notJson = decodeSchedulerEvent(Buffer.from('{"type":'));
  assert.ok(
    E.isLeft(notJson) &&
      /invalid JSON/.test(notJson.left._tag === 'DecodeError' ? notJson.left.message : ''),
  );
});

test('encoding a call strips keys the schema does not have', () => {
  const call = {
    type: 'DECLINE',
    framework_id: { value: 'F', sneaky: 1 },
    decline: { offer_ids: [{ value: 'O1' }], filters: { refuse_seconds: 120 } },
    extra: 'x',
  };
  const decoded = right(SchedulerCall.decode(call));
  assert.equal(SchedulerCall.encode(decoded), {
    type: 'DECLINE',
    framework_id: { value: 'F' },
    decline: { offer_ids: [{ value: 'O1' }], filters: { refuse_seconds: 120 } },
  });
});

test('a TaskInfo with a DOCKER_VOLUME source round-trips', () => {
  const task = {
    name: 'uses-rexray-volume',
    task_id: { value: 'app-1' },
    agent_id: { value: 'S0' },
    resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: 0.1 } }],
    command: { value: 'ls /mnt/volume' },
    container: {
      type: 'MESOS',
      volumes: [
        {
          container_path: '/mnt/volume',
          mode: 'RW',
          source: {
            type: 'DOCKER_VOLUME',
            docker_volume: {
              driver: 'rexray',
              name: 'vol-1',
              driver_options: { parameter: [{ key: 'size', value: '16' }] },
            },
          },
        },
      ],
    },
  };
  assert.equal(TaskInfo.encode(right(TaskInfo.decode(task))), task);
});

test('executor calls and events decode', () => {
  right(
    ExecutorCall.decode({
      type: 'SUBSCRIBE',
      framework_id: { value: 'F' },
      executor_id: { value: 'e' },
      subscribe: { unacknowledged_tasks: [], unacknowledged_updates: [] },
    }),
  );
  assert.ok(
    E.isLeft(
      ExecutorCall.decode({
        type: 'SUBSCRIBE',
        framework_id: { value: 'F' },
        executor_id: { value: 'e' },
      }),
    ),
  );
  const kinds = [
    '{"type":"LAUNCH","launch":{"task":{"name":"v","task_id":{"value":"t"},"agent_id":{"value":"S0"},"resources":[],"executor":{"executor_id":{"value":"e"},"command":{"value":"./x"}},"data":"eyJ2IjoxfQ=="}}}',
    '{"type":"ACKNOWLEDGED","acknowledged":{"task_id":{"value":"t"},"uuid":"jc8bJ1HsT0i9h6mNHqz6aQ=="}}',
    '{"type":"KILL","kill":{"task_id":{"value":"t"},"kill_policy":{"grace_period":{"nanoseconds":3000000000}}}}',
    '{"type":"SHUTDOWN"}',
  ].map((l) => right(ExecutorEvent.decode(JSON.parse(l))).type);
  assert.equal(kinds, ['LAUNCH', 'ACKNOWLEDGED', 'KILL', 'SHUTDOWN']);
});

test('terminal states follow Mesos', () => {
  assert.ok(isTerminalState('TASK_FINISHED'));
  assert.ok(isTerminalState('TASK_LOST'));
  assert.not.ok(isTerminalState('TASK_UNREACHABLE'));
  assert.not.ok(isTerminalState('TASK_KILLING'));
});

test.run();
