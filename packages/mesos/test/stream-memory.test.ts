// While the consumer of `streamEvents` handles an event, the record's bytes it was decoded from
// must not be held by the stream's own generators (they keep their locals while suspended): at
// 50,000 agents an OFFERS record is 46 MB, alive beside its parsed event for the whole decision.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeSchedulerEvent, encodeRecord, streamEvents } from '../src/index.js';

setFlagsFromString('--expose-gc');
/** A full garbage collection, from a fresh context (the flag exposes `gc` to contexts made after it). */
const gc = runInNewContext('gc') as () => void;
/** A turn of the event loop: WeakRef targets are kept alive until the end of the current job. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

const offer = (i: number) => ({
  id: { value: `O${i}` },
  framework_id: { value: 'F' },
  agent_id: { value: `S${i}` },
  hostname: `agent-${i}`,
  resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: 4 }, role: '*' }],
});
const offersRecord = (n: number) =>
  encodeRecord(
    JSON.stringify({
      type: 'OFFERS',
      offers: { offers: Array.from({ length: n }, (_, i) => offer(i)) },
    }),
  );

test("while an event is handled, neither RecordIO nor the decoder holds its record's bytes", async () => {
  // Two records of ~1 MB each, arriving in 64 KiB chunks as a master's stream does (each record
  // spans chunks, so its bytes are a buffer of their own).
  const bytes = Buffer.concat([offersRecord(8000), offersRecord(8000)]);
  async function* body() {
    for (let o = 0; o < bytes.length; o += 65536) yield bytes.subarray(o, o + 65536);
  }
  const seen: WeakRef<Uint8Array>[] = [];
  const decode = (record: Uint8Array) => {
    seen.push(new WeakRef(record));
    return decodeSchedulerEvent(record);
  };
  const held: boolean[] = [];
  const tags: string[] = [];
  for await (const item of streamEvents(body(), decode, 'http://m')) {
    tags.push(item._tag);
    if (item._tag !== 'Event') continue;
    assert.is(item.event.type, 'OFFERS');
    await turn();
    gc();
    held.push(seen.at(-1)?.deref() !== undefined);
  }
  assert.equal(tags, ['Event', 'Event', 'End']);
  assert.equal(seen.length, 2);
  assert.equal(
    held,
    [false, false],
    'the record bytes were collectable while their event was handled',
  );
});

test.run();
