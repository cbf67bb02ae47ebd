// Every decoder of this package fed syntactically valid but hostile JSON (testkit `hostileJson`:
// nesting 100,000 deep, numbers beyond double range, `__proto__` keys, lone surrogates, huge
// strings, wrong types) answers with a value or a clear error: never a throw, never a polluted
// Object.prototype. The bases are valid events, so the hostile value lands deep inside them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { anyJson, assertUnpolluted, hostileJson } from '@scaleio-framework/testkit';
import {
  decodeExecutorEvent,
  decodeJsonData,
  decodeSchedulerEvent,
  describeError,
  jsonDepthWithin,
  MAX_DATA_DEPTH,
  type MesosError,
} from '../src/index.js';
import { hostileSchedulerEvents, subscribedBase } from './support/hostile-json.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const RUNS = { numRuns: 150 };

const launch = {
  type: 'LAUNCH',
  launch: {
    task: {
      name: 't',
      task_id: { value: 't1' },
      agent_id: { value: 'S1' },
      resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: 0.1 } }],
      data: Buffer.from('{"step":"sds"}').toString('base64'),
    },
  },
};

const survives = <A>(what: string, decode: () => E.Either<MesosError, A>) => {
  const r = decode();
  assert.ok(r._tag === 'Left' || r._tag === 'Right', what);
  if (r._tag === 'Left') describeError(r.left); // describing the error is safe too
  assertUnpolluted();
};

test('scheduler events: any hostile variant decodes or is a DecodeError', () => {
  fc.assert(
    fc.property(hostileSchedulerEvents(hostileJson(subscribedBase)), (text) =>
      survives(text.slice(0, 80), () => decodeSchedulerEvent(bytes(text))),
    ),
    RUNS,
  );
});

test('executor events: any hostile variant decodes or is a DecodeError', () => {
  fc.assert(
    fc.property(anyJson(launch), (text) =>
      survives(text.slice(0, 80), () => decodeExecutorEvent(bytes(text))),
    ),
    RUNS,
  );
});

test('bytes fields (TaskStatus.data): hostile JSON is undefined or a value nested at most 64 deep', () => {
  fc.assert(
    fc.property(anyJson({ step: 'sds', result: { devices: ['/dev/sdb'], ok: true } }), (text) => {
      const v = decodeJsonData(Buffer.from(text).toString('base64'));
      assertUnpolluted();
      if (v !== undefined) assert.ok(jsonDepthWithin(JSON.stringify(v), MAX_DATA_DEPTH));
    }),
    RUNS,
  );
});

test('the depth check ignores brackets inside strings and counts exactly', () => {
  assert.ok(jsonDepthWithin('{"a":"[[[[[[[[[[[[[[[[[["}', 1));
  assert.ok(jsonDepthWithin('{"a":"\\"[[["}', 1));
  assert.ok(jsonDepthWithin('[[1]]', 2));
  assert.not.ok(jsonDepthWithin('[[[1]]]', 2));
  assert.is(
    decodeJsonData(Buffer.from(`${'['.repeat(65)}${']'.repeat(65)}`).toString('base64')),
    undefined,
  );
  assert.equal(
    decodeJsonData(Buffer.from(`${'['.repeat(64)}${']'.repeat(64)}`).toString('base64')) !==
      undefined,
    true,
  );
});

test.run();
