// The hand-tuned guards of OFFERS and UPDATE events (src/codecs/fast-events.ts) against the io-ts
// definition they mirror: on every input the guard says "valid" exactly when `SchedulerEvent`
// decodes the value to itself, and the decoder built on both (`decodeSchedulerEventJson`: guard,
// else io-ts) accepts and rejects exactly what io-ts does, with the same value. Inputs: events
// generated field by field with wrong types, nulls, missing and extra keys at every level, random
// JSON, and hostile JSON (testkit) around valid bases.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { assertUnpolluted } from '@scaleio-framework/testkit';
import {
  SchedulerEvent,
  decodeSchedulerEventJson,
  describeError,
  isHotSchedulerEvent,
  isOffersEvent,
  isUpdateEvent,
} from '../src/index.js';
import {
  hostileSchedulerEvents,
  offersBase,
  subscribedBase,
  updateBase,
} from './support/hostile-json.js';

const RUNS = { numRuns: 700 };

// ---- arbitraries: valid events (junk = 0), or with junk anywhere (junk > 0) -------------------

const junkValue = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(''),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 3 }),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.constant({ value: 'x' }),
  fc.constant({ value: '' }),
  fc.constant([{}]),
);

/** The events' arbitraries; each field is junk with weight `junk` against 14. */
const arbitraries = (junk: number) => {
  const v = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
    junk === 0
      ? (a as fc.Arbitrary<unknown>)
      : fc.oneof(
          { weight: 14, arbitrary: a as fc.Arbitrary<unknown> },
          { weight: junk, arbitrary: junkValue },
        );
  const pick = (good: string[], bad: string[]) =>
    v(fc.constantFrom(...good, ...(junk === 0 ? [] : bad)));
  const rec = (model: Record<string, fc.Arbitrary<unknown>>, required: string[] = []) =>
    v(fc.record(model, { requiredKeys: required }));
  const list = (a: fc.Arbitrary<unknown>, max = 2) => v(fc.array(a, { maxLength: max }));
  const str = fc.oneof(fc.constantFrom('a', 'r1', '*', 'scaleio'), fc.string({ maxLength: 3 }));
  const nonEmpty = fc.oneof(fc.constantFrom('a', 'S1'), fc.string({ minLength: 1, maxLength: 3 }));
  const num = fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.constant(1e308));
  const id = rec({ value: v(nonEmpty) }, ['value']);
  const valueType = pick(['SCALAR', 'RANGES', 'SET', 'TEXT'], ['VECTOR', 'scalar']);
  const scalar = rec({ value: v(num) }, ['value']);
  const ranges = rec({ range: list(rec({ begin: v(num), end: v(num) }, ['begin', 'end'])) });
  const set = rec({ item: list(v(str)) });
  const alloc = rec({ role: v(str) });
  const labels = rec({ labels: list(rec({ key: v(str), value: v(str) }, ['key'])) });
  const reservation = rec({
    type: pick(['UNKNOWN', 'STATIC', 'DYNAMIC'], ['OTHER']),
    role: v(str),
    principal: v(str),
    labels,
  });
  const resource = rec(
    {
      name: v(str),
      type: valueType,
      scalar,
      ranges,
      set,
      role: v(str),
      allocation_info: alloc,
      reservation,
      reservations: list(reservation),
      disk: rec({
        persistence: rec({ id: v(str), principal: v(str) }, ['id']),
        source: rec({ type: pick(['PATH', 'MOUNT'], ['NOPE']) }, ['type']),
      }),
      revocable: rec({}),
      shared: rec({}),
      provider_id: rec({ value: v(str) }, ['value']),
      unknown_field: fc.anything(),
    },
    ['name', 'type'],
  );
  const attribute = rec(
    { name: v(str), type: valueType, scalar, ranges, set, text: rec({ value: v(str) }, ['value']) },
    ['name', 'type'],
  );
  const address = rec({ port: v(num), hostname: v(str), ip: v(str) }, ['port']);
  const url = rec(
    {
      scheme: v(str),
      address,
      path: v(str),
      query: list(rec({ key: v(str), value: v(str) }, ['key', 'value'])),
      fragment: v(str),
    },
    ['scheme', 'address'],
  );
  const time = rec({ nanoseconds: v(num) }, ['nanoseconds']);
  const offer = rec(
    {
      id,
      framework_id: id,
      agent_id: id,
      hostname: v(str),
      url,
      allocation_info: alloc,
      resources: list(resource, 4),
      attributes: list(attribute),
      executor_ids: list(id),
      unavailability: rec({ start: time, duration: time }, ['start']),
      extra: fc.anything(),
    },
    ['id', 'framework_id', 'agent_id', 'hostname'],
  );
  const eventType = (t: string) => pick([t], ['HEARTBEAT', 'RESCIND', 'BOGUS']);
  const offersEvent = rec(
    { type: eventType('OFFERS'), offers: rec({ offers: list(offer, 3) }), extra: fc.anything() },
    ['type', 'offers'],
  );
  const base64 = pick(['jc8bJ1HsT0i9h6mNHqz6aQ==', 'eyJvayI6dHJ1ZX0=', ''], ['abc', 'a=b']);
  const status = rec(
    {
      task_id: id,
      state: pick(['TASK_RUNNING', 'TASK_FINISHED', 'TASK_UNREACHABLE'], ['RUNNING']),
      message: v(str),
      source: pick(['SOURCE_MASTER', 'SOURCE_EXECUTOR'], ['SOURCE_NOPE']),
      reason: pick(['REASON_RECONCILIATION', 'REASON_AGENT_REMOVED'], ['REASON_X']),
      data: base64,
      agent_id: id,
      executor_id: id,
      timestamp: v(num),
      uuid: base64,
      healthy: v(fc.boolean()),
      labels,
      container_status: rec({ container_id: rec({ value: v(str) }, ['value']) }),
      unreachable_time: time,
    },
    ['task_id', 'state'],
  );
  const updateEvent = rec(
    { type: eventType('UPDATE'), update: rec({ status }, ['status']), extra: fc.anything() },
    ['type', 'update'],
  );
  return { offersEvent, updateEvent };
};

/** Every path to a value inside `doc`. */
const pathsOf = (doc: unknown, prefix: (string | number)[] = []): (string | number)[][] => {
  const out = [prefix];
  if (Array.isArray(doc)) doc.forEach((x, i) => out.push(...pathsOf(x, [...prefix, i])));
  else if (typeof doc === 'object' && doc !== null)
    for (const [k, x] of Object.entries(doc)) out.push(...pathsOf(x, [...prefix, k]));
  return out;
};

/** A valid event with exactly one value made junk, or one key deleted. */
const oneFault = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  valid.chain((doc) => {
    const paths = pathsOf(doc).filter((p) => p.length > 0);
    return fc
      .record({ path: fc.constantFrom(...paths), value: junkValue, remove: fc.boolean() })
      .map(({ path, value, remove }) => {
        const copy = structuredClone(doc) as Record<string | number, unknown>;
        let at = copy;
        for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
        const last = path[path.length - 1] as string | number;
        if (remove && !Array.isArray(at)) delete at[last];
        else at[last] = value;
        return copy;
      });
  });

const valid = arbitraries(0);
const noisy = arbitraries(1);

// ---- the comparison --------------------------------------------------------------------------

/** io-ts's answer; a codec that throws (deep nesting) counts as a refusal, as `decodeWith` does. */
const ioTs = (j: unknown): E.Either<unknown, unknown> => {
  try {
    return SchedulerEvent.decode(j);
  } catch (error) {
    return E.left(error);
  }
};

const tally = { guardYes: 0, guardNo: 0, ioYes: 0, ioNo: 0 };

/** The guard agrees with io-ts's no-copy acceptance, and the combined decoder with io-ts. */
const agree = (j: unknown): void => {
  const io = ioTs(j);
  const guard = isHotSchedulerEvent(j);
  const identity = E.isRight(io) && io.right === j;
  if (guard !== identity)
    throw new Error(`guard ${guard}, io-ts identity ${identity}: ${JSON.stringify(j)}`);
  const combined = decodeSchedulerEventJson(j);
  if (E.isRight(combined) !== E.isRight(io))
    throw new Error(`decoder ${combined._tag}, io-ts ${io._tag}: ${JSON.stringify(j)}`);
  if (E.isRight(combined) && E.isRight(io)) assert.equal(combined.right, io.right);
  tally[guard ? 'guardYes' : 'guardNo'] += 1;
  tally[E.isRight(io) ? 'ioYes' : 'ioNo'] += 1;
  assertUnpolluted();
};

/** As JSON.parse gives it (the real input), and as the generated value itself. */
const both = (x: unknown): void => {
  const text = JSON.stringify(x);
  if (text !== undefined) agree(JSON.parse(text));
  agree(x);
};

test('OFFERS: the guard and io-ts agree on valid events, one fault in one, and junk anywhere', () => {
  fc.assert(fc.property(valid.offersEvent, both), RUNS);
  fc.assert(fc.property(oneFault(valid.offersEvent), both), RUNS);
  fc.assert(fc.property(noisy.offersEvent, both), RUNS);
});

test('UPDATE: the guard and io-ts agree on valid events, one fault in one, and junk anywhere', () => {
  fc.assert(fc.property(valid.updateEvent, both), RUNS);
  fc.assert(fc.property(oneFault(valid.updateEvent), both), RUNS);
  fc.assert(fc.property(noisy.updateEvent, both), RUNS);
});

test('hostile and random JSON: the guard and io-ts agree', () => {
  fc.assert(
    fc.property(hostileSchedulerEvents(fc.json()), (text) => agree(JSON.parse(text))),
    { numRuns: 400 },
  );
});

test('the bases are taken by the guard itself; each event type only by its own guard', () => {
  assert.ok(isOffersEvent(offersBase));
  assert.ok(isUpdateEvent(updateBase));
  assert.not.ok(isOffersEvent(updateBase));
  assert.not.ok(isUpdateEvent(offersBase));
  assert.ok(isHotSchedulerEvent({ type: 'HEARTBEAT' }));
  // Another event type is left to io-ts, which takes it.
  assert.not.ok(isHotSchedulerEvent(subscribedBase));
  assert.ok(E.isRight(decodeSchedulerEventJson(subscribedBase)));
});

test('the generators reached both answers on both sides (the comparison was not vacuous)', () => {
  for (const [k, n] of Object.entries(tally)) assert.ok(n > 200, `${k}: ${n}`);
});

test('a refusal of the guard still gets io-ts error paths', () => {
  const bad = structuredClone(offersBase);
  (bad.offers.offers[0] as Record<string, unknown>)['agent_id'] = { value: '' };
  const r = decodeSchedulerEventJson(bad);
  assert.ok(E.isLeft(r));
  if (E.isLeft(r)) assert.match(describeError(r.left), /offers\.offers\.0\.agent_id\.value/);
});

test.run();
