import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as E from 'fp-ts/lib/Either.js';
import {
  SchedulerCall,
  SchedulerEvent,
  acceptCall,
  decodeSchedulerEvent,
  encodeRecord,
  frameworkId,
  launchOperation,
  streamEvents,
  type TaskInfo,
} from '../src/index.js';

const offer = (i: number): Record<string, unknown> => ({
  id: { value: `O${i}` },
  framework_id: { value: 'F' },
  agent_id: { value: `S${i}` },
  hostname: `agent-${i}`,
  url: { scheme: 'http', address: { ip: `10.0.0.${i}`, port: 5051 }, path: '/slave(1)' },
  resources: [
    { name: 'cpus', type: 'SCALAR', scalar: { value: 4 }, role: '*', new_field: 'x' },
    { name: 'ports', type: 'RANGES', ranges: { range: [{ begin: 31000, end: 32000 }] } },
  ],
  attributes: [{ name: 'rack', type: 'TEXT', text: { value: 'r1' } }],
});
const offers = (n: number) => ({
  type: 'OFFERS',
  offers: { offers: Array.from({ length: n }, (_, i) => offer(i)) },
});

const message = (e: E.Either<{ _tag: string; message?: string }, unknown>): string =>
  E.isLeft(e) ? `${e.left._tag}: ${e.left.message ?? ''}` : 'decoded';

test('a null optional field is dropped on a copy; the parsed input is left as it was', () => {
  const json = offers(2);
  const first = json.offers.offers[0] as Record<string, unknown>;
  first['url'] = null;
  const ev = SchedulerEvent.decode(json);
  assert.ok(E.isRight(ev));
  if (E.isLeft(ev) || ev.right.type !== 'OFFERS') return;
  const [o0, o1] = ev.right.offers.offers ?? [];
  assert.not.ok(o0 !== undefined && 'url' in o0);
  assert.is(o0?.hostname, 'agent-0');
  assert.is(first['url'], null);
  // The untouched sibling is still the parsed object itself.
  assert.is(o1, json.offers.offers[1] as unknown);
});

test('every malformed offer in a large event is a DecodeError naming the path', () => {
  const cases: [string, (o: Record<string, unknown>) => void, RegExp][] = [
    ['missing agent id', (o) => delete o['agent_id'], /offers\.offers\.9999\.agent_id/],
    [
      'empty agent id',
      (o) => (o['agent_id'] = { value: '' }),
      /offers\.offers\.9999\.agent_id\.value/,
    ],
    [
      'bad resource type',
      (o) => ((o['resources'] as { type: string }[])[1]!.type = 'BOGUS'),
      /resources\.1\.type/,
    ],
    [
      'scalar as text',
      (o) => ((o['resources'] as { scalar: unknown }[])[0]!.scalar = { value: '4' }),
      /resources\.0\.scalar\.value/,
    ],
    ['resources not a list', (o) => (o['resources'] = {}), /resources/],
    ['hostname a number', (o) => (o['hostname'] = 7), /hostname/],
  ];
  for (const [what, spoil, path] of cases) {
    const json = offers(10_000);
    spoil(json.offers.offers[9999] as Record<string, unknown>);
    const r = decodeSchedulerEvent(Buffer.from(JSON.stringify(json)));
    assert.ok(E.isLeft(r), what);
    const m = message(r);
    assert.match(m, /^DecodeError: /, what);
    assert.match(m, path, `${what}: ${m}`);
  }
});

test('a malformed event in a stream is a BadEvent and the stream goes on', async () => {
  const good = JSON.stringify(offers(3));
  const bad = JSON.stringify({ type: 'OFFERS', offers: { offers: [{ id: { value: 'O' } }] } });
  const bytes = Buffer.concat([encodeRecord(good), encodeRecord(bad), encodeRecord(good)]);
  async function* body() {
    for (let o = 0; o < bytes.length; o += 7) yield bytes.subarray(o, o + 7);
  }
  const tags: string[] = [];
  for await (const item of streamEvents(body(), decodeSchedulerEvent, 'http://m')) {
    tags.push(item._tag);
    if (item._tag === 'BadEvent')
      assert.match(
        message(E.left(item.error as { _tag: string; message?: string })),
        /DecodeError: .*framework_id/,
      );
  }
  assert.equal(tags, ['Event', 'BadEvent', 'Event', 'End']);
});

test('unknown fields of decoded offer resources are never sent back in a call', () => {
  const ev = SchedulerEvent.decode(offers(1));
  if (E.isLeft(ev) || ev.right.type !== 'OFFERS') throw new Error('expected OFFERS');
  const o = ev.right.offers.offers?.[0];
  if (o === undefined) throw new Error('expected an offer');
  const fid = frameworkId('F');
  if (E.isLeft(fid)) throw new Error('id');
  const task: TaskInfo = {
    name: 't',
    task_id: { value: 't1' } as TaskInfo['task_id'],
    agent_id: o.agent_id,
    resources: o.resources ?? [],
    command: { value: 'true' },
  };
  const wire = JSON.stringify(
    SchedulerCall.encode(acceptCall(fid.right, [o.id], [launchOperation([task])])),
  );
  assert.not.match(wire, /new_field/);
  assert.match(wire, /"begin":31000/);
});

test.run();
