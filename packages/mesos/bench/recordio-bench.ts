/**
 * RecordIO + JSON decoding benchmark (a script, not a test). Run from the repo root:
 *
 *   npx tsx packages/mesos/bench/recordio-bench.ts
 *
 * Prints, for a stream of 100-offer OFFERS events and one of 10,000-offer events, fed in 64 KiB
 * chunks: our decoder (bytes -> records -> strict UTF-8 -> JSON.parse), bare JSON.parse on the
 * same records already split into strings (the floor), and @dcos/recordio (string based); once
 * with ASCII-only content (the usual case) and once with a non-ASCII attribute in every offer. Then
 * the time and memory to decode one 10,000-offer event, with and without the io-ts codec, beside
 * bare JSON.parse of the same text.
 */
import { createRequire } from 'node:module';
import * as E from 'fp-ts/lib/Either.js';
import {
  SchedulerEvent,
  createRecordDecoder,
  decodeSchedulerEvent,
  encodeRecord,
  parseJsonRecord,
} from '../src/index.js';
import { portsRes, scalarRes } from '../test/helpers.js';

const require = createRequire(import.meta.url);
const dcos = require('@dcos/recordio') as { read: (input: string) => [string[], string] };

const CHUNK = 64 * 1024;

const offer = (i: number, zone = 'eu-west-1a'): unknown => ({
  id: { value: `9a1e7c2b-5a34-4a0e-8f0e-3c2d1b0a9f8e-O${i}` },
  framework_id: { value: '9a1e7c2b-5a34-4a0e-8f0e-3c2d1b0a9f8e-0000' },
  agent_id: { value: `9a1e7c2b-5a34-4a0e-8f0e-3c2d1b0a9f8e-S${i}` },
  hostname: `agent-${i}.example`,
  url: {
    scheme: 'http',
    address: {
      hostname: `agent-${i}.example`,
      ip: `10.0.${(i >> 8) & 255}.${i & 255}`,
      port: 5051,
    },
    path: '/slave(1)',
  },
  allocation_info: { role: 'storage' },
  resources: [
    scalarRes('cpus', 4.0),
    scalarRes('mem', 7680.0),
    scalarRes('disk', 51200.0),
    portsRes([[31000, 32000]]),
  ],
  attributes: [
    { name: 'rack', type: 'TEXT', text: { value: `r${i % 8}` } },
    { name: 'zone', type: 'TEXT', text: { value: zone } },
  ],
  executor_ids: [{ value: `storage-executor-agent-${i}` }],
});
const offersEvent = (n: number, base: number, zone?: string): string =>
  JSON.stringify({
    type: 'OFFERS',
    offers: { offers: Array.from({ length: n }, (_, i) => offer(base + i, zone)) },
  });

const chunked = (records: readonly string[]): Buffer[] => {
  const stream = Buffer.concat(records.map((r) => encodeRecord(r)));
  const out: Buffer[] = [];
  for (let o = 0; o < stream.length; o += CHUNK) out.push(stream.subarray(o, o + CHUNK));
  return out;
};

const ours = (chunks: readonly Buffer[]): number => {
  const d = createRecordDecoder();
  let n = 0;
  for (const c of chunks) {
    const r = d.push(c);
    if (E.isLeft(r)) throw new Error('decode failed');
    for (const rec of r.right) {
      const v = parseJsonRecord(rec);
      if (E.isLeft(v)) throw new Error('json failed');
      n += 1;
    }
  }
  return n;
};

const bare = (records: readonly string[]): number => {
  let n = 0;
  for (const r of records) {
    JSON.parse(r);
    n += 1;
  }
  return n;
};

const dcosDecode = (chunks: readonly Buffer[]): number => {
  const td = new TextDecoder();
  let rest = '';
  let n = 0;
  for (const c of chunks) {
    const [records, left] = dcos.read(rest + td.decode(c, { stream: true }));
    rest = left;
    for (const r of records) {
      JSON.parse(r);
      n += 1;
    }
  }
  return n;
};

const time = (fn: () => number): number => {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const best = (xs: number[]): number => Math.min(...xs);

const compare = (label: string, records: string[], rounds: number, withDcos: boolean): void => {
  const chunks = chunked(records);
  const mb = chunks.reduce((s, c) => s + c.length, 0) / 1e6;
  // warm up
  ours(chunks);
  bare(records);
  const t: Record<string, number[]> = { ours: [], bare: [], dcos: [] };
  for (let i = 0; i < rounds; i += 1) {
    t['bare']!.push(time(() => bare(records)));
    t['ours']!.push(time(() => ours(chunks)));
    if (withDcos) t['dcos']!.push(time(() => dcosDecode(chunks)));
  }
  const floorBest = best(t['bare']!);
  const floorMedian = median(t['bare']!);
  const line = (name: string, xs: number[]): string =>
    `  ${name.padEnd(30)} best ${best(xs).toFixed(1).padStart(8)} ms ${(best(xs) / floorBest).toFixed(2)}x` +
    `   median ${median(xs).toFixed(1).padStart(8)} ms ${(median(xs) / floorMedian).toFixed(2)}x`;
  console.log(
    `${label}: ${records.length} records, ${mb.toFixed(1)} MB, 64 KiB chunks, ${rounds} rounds`,
  );
  console.log(line('bare JSON.parse (pre-split)', t['bare']!));
  console.log(line('@scaleio-framework/mesos', t['ours']!));
  if (withDcos) console.log(line('@dcos/recordio', t['dcos']!));
};

const small = Array.from({ length: 300 }, (_, i) => offersEvent(100, i * 100));
compare('100-offer OFFERS events', small, 9, true);
const accented = Array.from({ length: 300 }, (_, i) => offersEvent(100, i * 100, 'zürich-1ä'));
compare('100-offer OFFERS events, non-ASCII attribute in every offer', accented, 9, true);
const large = Array.from({ length: 3 }, (_, i) => offersEvent(10_000, i * 10_000));
compare('10,000-offer OFFERS events', large, 5, process.argv.includes('--dcos-large'));
if (!process.argv.includes('--dcos-large')) {
  const one = chunked([large[0]!]);
  console.log(
    `  @dcos/recordio (one 10,000-offer event)  ${time(() => dcosDecode(one)).toFixed(1)} ms`,
  );
}

// One 10,000-offer event, fed in 64 KiB chunks: RecordIO + UTF-8 + JSON.parse, the same plus the
// io-ts decode into a typed SchedulerEvent, and bare JSON.parse of the same text, each repeated
// (median and best), then the heap the decoded event retains.
// Run with NODE_OPTIONS=--expose-gc for the retained-heap figure (and try --max-semi-space-size=64).
const oneText = large[1]!;
const oneEvent = chunked([oneText]);
const record = (): Uint8Array => {
  const d = createRecordDecoder();
  let rec: Uint8Array | undefined;
  for (const c of oneEvent) {
    const r = d.push(c);
    if (E.isLeft(r)) throw new Error('decode failed');
    rec = r.right[0] ?? rec;
  }
  if (rec === undefined) throw new Error('no record');
  return rec;
};
const one: Record<'bare' | 'json' | 'typed' | 'codec', number[]> = {
  bare: [],
  json: [],
  typed: [],
  codec: [],
};
for (let i = 0; i < 9; i += 1) {
  one.bare.push(time(() => ((JSON.parse(oneText) as object) === null ? 0 : 1)));
  one.json.push(
    time(() => {
      if (E.isLeft(parseJsonRecord(record()))) throw new Error('json failed');
      return 1;
    }),
  );
  one.typed.push(
    time(() => {
      const ev = decodeSchedulerEvent(record());
      if (E.isLeft(ev) || ev.right.type !== 'OFFERS') throw new Error('typed decode failed');
      return 1;
    }),
  );
  const parsed: unknown = JSON.parse(oneText);
  one.codec.push(
    time(() => {
      if (E.isLeft(SchedulerEvent.decode(parsed))) throw new Error('codec failed');
      return 1;
    }),
  );
}
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const ev = decodeSchedulerEvent(record());
const kept = E.isRight(ev) ? ev.right : undefined;
gc?.();
const retained =
  gc === undefined
    ? 'n/a (run with --expose-gc)'
    : `${((process.memoryUsage().heapUsed - heapBefore) / 1e6).toFixed(0)} MB`;
const offersKept = (kept as { offers: { offers: unknown[] } }).offers.offers.length;
const stat = (xs: number[]) => `median ${median(xs).toFixed(1)} ms (best ${best(xs).toFixed(1)})`;
console.log(
  `one OFFERS event, ${offersKept} offers, ${(oneEvent.reduce((s, c) => s + c.length, 0) / 1e6).toFixed(1)} MB, 9 rounds:\n` +
    `  bare JSON.parse (floor)              ${stat(one.bare)}\n` +
    `  RecordIO + UTF-8 + JSON.parse        ${stat(one.json)}\n` +
    `  the same + io-ts typed decode        ${stat(one.typed)}\n` +
    `  the io-ts codec alone (parsed value) ${stat(one.codec)}\n` +
    `  decoded event retains ${retained} of heap; peak RSS of this whole script ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
);
