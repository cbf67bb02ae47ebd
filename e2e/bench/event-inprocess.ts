// The in-process half of event-bench: the scheduler's own code path for one OFFERS event, timed
// against the `JSON.parse` floor of the same bytes in the same run. The path is the one the
// bundle runs (apps/framework/src/scheduler/parts.ts): RecordIO framing of 64 KiB chunks, the
// typed decode (`decodeSchedulerEvent`: the hand-tuned guard, io-ts behind it), the Mesos channel
// turning offers into the core's inputs, the core's decision, and the DECLINE call it performs,
// encoded as it goes on the wire. Only the HTTP write is left out.
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import {
  SchedulerCall,
  createRecordDecoder,
  decodeSchedulerEvent,
  frameworkId,
  type FrameworkID,
} from '@scaleio-framework/mesos';
import { defaultClusterSpec, type DeployState } from '@scaleio-framework/orchestrator';
import {
  createSchedulerCore,
  loopbackTaskSettings,
  mesosChannel,
  type CoreSettings,
} from '@scaleio-framework/scheduler';

/** Median and the p-th percentile of a sample. */
export const pct = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

const coreSettings: CoreSettings = {
  spec: defaultClusterSpec,
  password: () => 'bench-password',
  gatewayUser: 'admin',
  packageRepoUrl: 'http://127.0.0.1:9/',
  gatewayUrl: 'https://127.0.0.1:9',
  versions: { scaleio: '2.0-10000.2072', rexray: '0.11.4', dvdcli: '0.3.1', dvdi: '1.0.1' },
  agentFlags: 'mesos-slave-dir',
  agentService: 'mesos-slave',
  insecureTls: false,
};
const noLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The scheduler's shell over a deployed state, answering offers in memory. */
async function shellOver(state: DeployState, framework: string) {
  const fid = frameworkId(framework);
  if (E.isLeft(fid)) throw new Error('framework id');
  let declined = 0;
  let wireBytes = 0;
  const channel = mesosChannel({
    call: async (c) => {
      // What the client does before the HTTP write: encode exactly the schema's fields.
      wireBytes += JSON.stringify(SchedulerCall.encode(c)).length;
      if (c.type === 'DECLINE') declined += c.decline.offer_ids.length;
      return E.right(undefined);
    },
    frameworkId: (): FrameworkID => fid.right,
    settings: loopbackTaskSettings,
  });
  const core = createSchedulerCore(coreSettings, {
    mesos: channel.port,
    gateway: { ensureStorageObjects: async () => ({ ok: false, error: 'no gateway here' }) },
    store: { load: async () => state, save: async () => ({ ok: true }) },
    now: () => Date.now(),
    log: noLog,
  });
  await core.start();
  /** One RecordIO record (length prefix + JSON) from the master, handled to its last call. */
  const handle = async (record: Buffer): Promise<void> => {
    const decoder = createRecordDecoder();
    for (let at = 0; at < record.length; at += 65_536) {
      const out = decoder.push(record.subarray(at, at + 65_536));
      if (E.isLeft(out)) throw new Error('RecordIO');
      for (const bytes of out.right) {
        const ev = decodeSchedulerEvent(bytes);
        if (E.isLeft(ev) || ev.right.type !== 'OFFERS') throw new Error('not an OFFERS event');
        await core.onOffers(channel.offered(ev.right.offers.offers ?? []));
      }
    }
  };
  return { handle, declined: () => declined, wireBytes: () => wireBytes };
}

/** What the in-process measurement found for one cluster size. */
export interface InProcessResult {
  readonly floorMs: number;
  readonly pathMs: number;
  /** Median of the per-round ratios path / floor. */
  readonly ratio: number;
  readonly rounds: readonly { floor: number; path: number }[];
  /** `rounds` events back to back (three times): total path and floor times. */
  readonly stream: readonly { floor: number; path: number }[];
  /** Median of the stream ratios. */
  readonly streamRatio: number;
  readonly singleP50: number;
  readonly singleP99: number;
  readonly singles: number;
}

/**
 * Times `rounds` OFFERS events of every agent (after two warm-ups) and `singles` one-offer
 * events. Each round times the floor (`JSON.parse` of the record's JSON bytes) and the path,
 * alternating which goes first, each after a full GC (`--expose-gc`; without it the numbers
 * carry the other's garbage), so both pay for their own allocations and nothing else.
 */
export async function inProcess(opts: {
  readonly state: DeployState;
  readonly framework: string;
  readonly record: (round: string, from: number, count: number) => Buffer;
  readonly agents: number;
  readonly rounds: number;
  readonly singles: number;
}): Promise<InProcessResult> {
  const shell = await shellOver(opts.state, opts.framework);
  const rounds: { floor: number; path: number }[] = [];
  for (let r = -2; r < opts.rounds; r += 1) {
    const record = opts.record(`i${r}`, 0, opts.agents);
    const json = record.subarray(record.indexOf(10) + 1); // after the RecordIO length prefix
    const floor = (): number => {
      gc();
      const t0 = performance.now();
      const parsed: unknown = JSON.parse(json.toString('utf8'));
      const t = performance.now() - t0;
      if (parsed === null) throw new Error('unreachable');
      return t;
    };
    const path = async (): Promise<number> => {
      gc();
      const before = shell.declined();
      const t0 = performance.now();
      await shell.handle(record);
      const t = performance.now() - t0;
      if (shell.declined() - before !== opts.agents) throw new Error('not every offer answered');
      return t;
    };
    let f: number;
    let p: number;
    if (r % 2 === 0) {
      f = floor();
      p = await path();
    } else {
      p = await path();
      f = floor();
    }
    if (r >= 0) rounds.push({ floor: f, path: p });
  }
  // A stream: `rounds` events back to back, no GC forced between them, as they come from a
  // master; the floor keeps each parsed event until the next one (as a reader of the stream
  // would), so both sides pay for the garbage collection their own allocations cause.
  const events = Array.from({ length: opts.rounds }, (_, r) =>
    opts.record(`t${r}`, 0, opts.agents),
  );
  const streamFloor = (): number => {
    gc();
    let kept: unknown;
    const t0 = performance.now();
    for (const record of events)
      kept = JSON.parse(record.subarray(record.indexOf(10) + 1).toString('utf8'));
    const t = performance.now() - t0;
    if (kept === null) throw new Error('unreachable');
    return t;
  };
  const streamPath = async (): Promise<number> => {
    gc();
    const t0 = performance.now();
    for (const record of events) await shell.handle(record);
    return performance.now() - t0;
  };
  const stream: { floor: number; path: number }[] = [];
  for (let k = 0; k < 3; k += 1) {
    const f = streamFloor();
    const p = await streamPath();
    stream.push({ floor: f, path: p });
  }
  const single: number[] = [];
  gc();
  for (let k = 0; k < opts.singles; k += 1) {
    const record = opts.record(`s${k}`, (k * 7919) % opts.agents, 1);
    const t0 = performance.now();
    await shell.handle(record);
    single.push(performance.now() - t0);
  }
  return {
    floorMs: pct(
      rounds.map((x) => x.floor),
      50,
    ),
    pathMs: pct(
      rounds.map((x) => x.path),
      50,
    ),
    ratio: pct(
      rounds.map((x) => x.path / x.floor),
      50,
    ),
    rounds,
    stream,
    streamRatio: pct(
      stream.map((x) => x.path / x.floor),
      50,
    ),
    singleP50: pct(single, 50),
    singleP99: pct(single, 99),
    singles: single.length,
  };
}
