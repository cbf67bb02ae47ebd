/**
 * Benchmark (a script, not a test): run with
 * `NODE_OPTIONS=--import=tsx node apps/framework/test/healing-bench.ts` from the repo root.
 *
 * 1. Time from threshold crossing to verified capacity, with EC2 delays of a real gp3 volume
 *    (create 8 s, attach 5 s) on the simulated clock, ticking every 30 s.
 * 2. The highest steady fill rate the loop keeps up with: for each rate, four simulated hours
 *    from 74 % full; "keeps up" = the pool never reached 99 % full.
 */
import { fill, healingConfig, run, startRig } from './healing-harness.js';

const TICK_MS = 30_000;
const timings = { createMs: 8000, attachMs: 5000, detachMs: 3000, deleteMs: 2000 };

const latency = async (timeToFullMinutes: number, consecutiveSamples: number): Promise<void> => {
  const rig = await startRig(undefined, timings);
  try {
    const healer = rig.healer(
      healingConfig({
        enabled: true,
        policy: { triggerPercent: 80, clearPercent: 70, consecutiveSamples, timeToFullMinutes },
      }),
    );
    fill(rig, 'pd1/sp1', 1, 100);
    const t0 = rig.clock.now();
    let crossed: number | null = null;
    await run(rig, healer, 120, TICK_MS, () => {
      const sampled = healer.status().pools[0];
      if (crossed === null && sampled !== undefined && sampled.percentFull >= 80)
        crossed = sampled.sampledAtMs;
    });
    const ev = healer.status().events;
    const at = (k: string) => ev.find((e) => e.kind === k || e.details?.['stage'] === k)?.atMs;
    const decided = ev.find((e) => e.details?.['tag'] === 'Expand')?.atMs;
    const added = at('added');
    const verified = at('verified');
    const s = (ms: number | null | undefined, from: number | null) =>
      ms === undefined || ms === null || from === null
        ? 'n/a'
        : `${((ms - from) / 1000).toFixed(0)} s`;
    const pct = ev.find((e) => e.details?.['tag'] === 'Expand')?.facts?.usedPercent;
    console.log(
      `timeToFull=${timeToFullMinutes} min, ${consecutiveSamples} samples: decided at ${pct?.toFixed(1) ?? '?'} % full, +${s(decided, t0)} from the start; verified +${s(verified, t0)}; first sample ≥ 80 % at +${s(crossed, t0)}; decision ${s(decided, crossed)}, ` +
        `added ${s(added, crossed)}, verified ${s(verified, crossed)} after the crossing (tick ${TICK_MS / 1000} s)`,
    );
  } finally {
    await rig.close();
  }
};

const keepsUp = async (gibPerMinute: number): Promise<{ peak: number; volumes: number }> => {
  const rig = await startRig(undefined, timings);
  try {
    const healer = rig.healer(
      healingConfig({
        enabled: true,
        policy: {
          maxTotalGiB: 1_000_000,
          dailyBudgetGiB: 1_000_000,
          maxGiBPerNode: 1_000_000,
          maxVolumesPerNode: 20,
          cooldownMinutes: 10,
        },
      }),
    );
    fill(rig, 'pd1/sp1', gibPerMinute, 100);
    let peak = 0;
    await run(rig, healer, (4 * 3_600_000) / TICK_MS, TICK_MS, () => {
      peak = Math.max(peak, rig.percent('pd1/sp1'));
    });
    return { peak, volumes: rig.volumes().length };
  } finally {
    await rig.close();
  }
};

await latency(0, 3);
await latency(0, 1);
await latency(120, 3);
for (const rate of process.argv.includes('--latency-only') ? [] : [1, 2, 4, 8, 16, 32]) {
  const t = Date.now();
  const r = await keepsUp(rate);
  console.log(
    `fill ${rate} GiB/min user (${rate * 2} GiB/min raw, start pool 270 GiB raw): peak ${r.peak.toFixed(1)} %, ` +
      `${r.volumes} volumes in 4 h, ${r.peak < 99 ? 'keeps up' : 'FELL BEHIND'} (${Date.now() - t} ms wall)`,
  );
}
