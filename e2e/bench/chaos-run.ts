// Seeded chaos runs (a script, not a test): each seed's faults during a deploy and a healing
// round, judged from the simulators' own records. One line per seed; for a failure, its
// violations, its event log and the command that runs that seed again.
//   npm run chaos -w e2e -- --seeds 1..50        (or --seed 17, --seeds 3,9,20..25)
//   options: --timeout <s> (per seed, default 300), --verbose (print the event log as it happens)
import { runChaos } from '../src/chaos/runner.js';
import { chaosSchedule, formatEvent, parseSeeds } from '../src/chaos/schedule.js';

const argv = process.argv.slice(2);
const value = (flag: string): string | undefined => {
  const i = argv.indexOf(flag);
  return i < 0 ? undefined : argv[i + 1];
};
const usage =
  'usage: chaos-run (--seed N | --seeds A..B[,C...]) [--timeout seconds] [--verbose] [--plan]';
const seedText = value('--seeds') ?? value('--seed');
const seeds = seedText === undefined ? undefined : parseSeeds(seedText);
const timeoutS = Number(value('--timeout') ?? '300');
if (argv.includes('--help')) {
  console.log(usage);
  process.exit(0);
}
if (seeds === undefined || seeds.length === 0 || !(timeoutS > 0)) {
  console.error(seedText === undefined ? usage : `chaos-run: bad seeds or timeout\n${usage}`);
  process.exit(2);
}
const verbose = argv.includes('--verbose');
if (argv.includes('--plan')) {
  for (const seed of seeds)
    for (const e of chaosSchedule(seed).events) console.log(`seed ${seed}: ${formatEvent(e)}`);
  process.exit(0);
}

// End the simulators and schedulers on ^C too (the harness stops its children on exit).
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130));

const failed: number[] = [];
const times: number[] = [];
for (const seed of seeds) {
  const r = await runChaos(seed, {
    timeoutMs: timeoutS * 1000,
    ...(verbose ? { onLog: (l: string) => console.log(`  [${seed}] ${l}`) } : {}),
  });
  times.push(r.seconds);
  const kinds = r.events.map((e) => `${e.phase[0]}:${e.kind}`).join(' ');
  if (r.violations.length === 0) {
    console.log(`seed ${seed}: ok in ${r.seconds.toFixed(1)} s (${kinds})`);
    continue;
  }
  failed.push(seed);
  console.log(`seed ${seed}: FAILED in ${r.seconds.toFixed(1)} s (${kinds})`);
  for (const v of r.violations) console.log(`  violation: ${v}`);
  for (const l of r.log) console.log(`  log ${l}`);
  console.log(`  reproduce: npm run chaos -w e2e -- --seed ${seed}`);
}
const mean = times.reduce((a, b) => a + b, 0) / Math.max(1, times.length);
console.log(
  `${seeds.length - failed.length}/${seeds.length} seeds passed; ${mean.toFixed(1)} s per seed (max ${Math.max(...times).toFixed(1)} s)${
    failed.length > 0 ? `; failed: ${failed.join(',')}` : ''
  }`,
);
process.exit(failed.length > 0 ? 1 : 0);
