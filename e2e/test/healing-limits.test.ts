// Capacity healing creates no more than allowed, through the real binaries: dry run records its
// decisions and creates nothing; under a long steady fill the cooldown spaces the expansions and
// the daily budget, the total cap and the per-node cap each stop them, the status events naming
// the cap; approval mode creates nothing until the operator approves through the bearer-token
// action (a declined expansion never does). One deployed cluster; the scheduler is restarted with
// each new policy over the same state file, as an operator changing the policy would.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { schemaPrerequisite } from '@scaleio-framework/mesos-sim';
import { requirePrereq } from '@scaleio-framework/testkit';
import { sharedDeploy, startDeployed } from '../src/deploy.js';
import {
  awsEnv,
  fillTo,
  healingArgs,
  healingEvents,
  healingPolicy,
  operatorAction,
  ourVolumes,
  readLedger,
  statusLedger,
  thePool,
  waitUntil,
  writePolicy,
  type StatusEvent,
} from '../src/healing.js';
import { assertWireValid } from '../src/wire.js';

const DEPLOY_TIMEOUT = 180_000;
const TOKEN = 'e2e-operator-token-never-shown';
const env = { ...awsEnv, SCALEIO_OPERATOR_TOKEN: TOKEN };
/** Dry-run cooldown; the real one is longer than an expansion takes on a loaded machine. */
const DRY_COOLDOWN_S = 6;
const COOLDOWN_S = 12;

/** A policy: trigger 30 %, one sample, fixed 100 GiB volumes, one node per expansion. */
const policy = (over: Record<string, unknown>, top: Record<string, unknown> = {}) =>
  healingPolicy(
    {
      step: { unit: 'gib', value: 100 },
      minStepGiB: 100,
      maxStepGiB: 100,
      minVolumeGiB: 100,
      maxVolumeGiB: 100,
      ...over,
    },
    top,
  );

const shared = sharedDeploy(
  'healing-limits',
  () =>
    startDeployed(
      3,
      (c, run) =>
        healingArgs(
          c,
          writePolicy(
            run.dir,
            'dry',
            policy({ dryRun: true, cooldownMinutes: DRY_COOLDOWN_S / 60 }),
          ),
          1,
        ),
      env,
      DEPLOY_TIMEOUT,
    ),
  (x) => x.c.scaleio.addWrites({ storagePoolId: thePool(x.c).id, bytesPerSecond: 0 }),
);
const the = shared.the;
const ledger = () => readLedger(the().run.stateFile);
const real = () => ledger().filter((e) => !e.dryRun && e.state !== 'rolledBack');
/** Restarts the scheduler with a new policy (SIGTERM, then the same state file). */
const restartWith = async (name: string, doc: Record<string, unknown>) => {
  const x = the();
  await x.sched.stop();
  x.sched = await x.run.start(healingArgs(x.c, writePolicy(x.run.dir, name, doc), 1), env);
};
const blockedBy = (events: StatusEvent[], cap: string) =>
  events.find((e) => e.kind.startsWith(`healing: Blocked (${cap})`));
const waitBlocked = (cap: string, sinceMs: number) =>
  waitUntil(
    async () => {
      const b = blockedBy(await healingEvents(the().sched.url), cap);
      return b !== undefined && b.atMs >= sinceMs && b;
    },
    60_000,
    `Blocked (${cap}) in the status events`,
  );
/** When the healer last sampled the pool (the status's pool sample time). */
const sampledAt = async (): Promise<number> => {
  const doc = (await (await fetch(`${the().sched.url}/api/v1/status`)).json()) as {
    pools?: { sampledAtMs: number | null }[];
  };
  return doc.pools?.[0]?.sampledAtMs ?? 0;
};
/**
 * Waits until the healer has evaluated `n` more pool samples — each one a decision that could
 * have created a volume — so that "nothing happened" is proved over those decisions, not assumed
 * after a pause.
 */
const moreSamples = async (n: number): Promise<void> => {
  const first = await sampledAt();
  const seen = new Set<number>();
  await waitUntil(
    async () => {
      const at = await sampledAt();
      if (at > first) seen.add(at);
      return seen.size >= n;
    },
    30_000,
    () => `${n} more healing samples (saw ${seen.size})`,
  );
};
/** The cap the status's healing section names for the pool (its last decision). */
const statusBlockedBy = async (): Promise<string | null | undefined> => {
  const doc = (await (await fetch(`${the().sched.url}/api/v1/status`)).json()) as {
    healing?: { pools?: { blockedBy: string | null }[] };
  };
  return doc.healing?.pools?.[0]?.blockedBy;
};

test.before(shared.before);
test.after(shared.after);

test('dry run: decisions recorded and shown once per cooldown, nothing created', async () => {
  const { c, sched, devices0 } = the();
  fillTo(c, 31);
  const two = await waitUntil(
    () => {
      const d = ledger().filter((e) => e.dryRun);
      return d.length >= 2 && d;
    },
    40_000,
    () => `two dry-run entries: ${JSON.stringify(ledger())}`,
  );
  const [a, b] = two;
  assert.ok(a && b);
  assert.ok(
    b.atMs - a.atMs >= DRY_COOLDOWN_S * 1000,
    `cooldown between dry runs: ${b.atMs - a.atMs}`,
  );
  assert.is(ourVolumes(c).length, 0, 'no EBS volume');
  assert.is(c.ec2.calls().filter((x) => x === 'CreateVolume').length, 0, 'no CreateVolume call');
  assert.is(c.scaleio.state().devices.length, devices0, 'no device');
  const status = (await (await fetch(`${sched.url}/api/v1/status`)).json()) as {
    healing: { dryRun: boolean };
  };
  assert.is(status.healing.dryRun, true);
  const shown = await statusLedger(sched.url);
  assert.ok(shown.length >= 2);
  for (const e of shown) {
    assert.is(e.volume, null);
    assert.match(e.reason ?? '', /^\[dry run\] /);
  }
});

test('a long steady fill: cooldown between expansions, then the daily budget, the total cap, the per-node cap', async () => {
  const x = the();
  const { c } = x;
  // Phase 1: budget 200 GiB a day = 2 volumes of 100 GiB, at most one per cooldown.
  const t1 = Date.now();
  await restartWith('budget', policy({ cooldownMinutes: COOLDOWN_S / 60, dailyBudgetGiB: 200 }));
  fillTo(c, 31);
  c.scaleio.addWrites({ storagePoolId: thePool(c).id, bytesPerSecond: 2 * 2 ** 30 });
  await waitBlocked('dailyBudget', t1);
  const afterBudget = real();
  assert.is(afterBudget.length, 2, 'two volumes: the daily budget');
  await moreSamples(3); // still filling, still blocked, sample after sample
  assert.is(real().length, 2, 'no volume past the budget');
  assert.is(ourVolumes(c).length, 2, 'two EBS volumes');
  const times = afterBudget.map((e) => e.atMs).sort((p, q) => p - q);
  for (let i = 1; i < times.length; i++)
    assert.ok(
      (times[i] ?? 0) - (times[i - 1] ?? 0) >= COOLDOWN_S * 1000,
      `cooldown between expansions: ${times.join(', ')}`,
    );
  const events1 = await healingEvents(x.sched.url);
  assert.ok(
    events1.some((e) => e.kind.startsWith('healing: Wait (cooldown)')),
    'the cooldown is an event',
  );
  assert.match(blockedBy(events1, 'dailyBudget')?.message ?? '', /200 GiB budget/);
  assert.is(await statusBlockedBy(), 'dailyBudget', 'the status names the cap that blocks');

  // Phase 2: budget lifted, total cap 300 GiB: one more volume, then the total cap.
  const t2 = Date.now();
  await restartWith('total', policy({ maxTotalGiB: 300 }));
  await waitBlocked('totalCap', t2);
  assert.is(real().length, 3, 'one more volume: the total cap');
  await moreSamples(2);
  assert.is(real().length, 3, 'no volume past the total cap');
  assert.match(
    blockedBy(await healingEvents(x.sched.url), 'totalCap')?.message ?? '',
    /300 GiB total cap/,
  );
  assert.is(await statusBlockedBy(), 'totalCap');

  // Phase 3: total lifted, one volume per node: every node already has one.
  const t3 = Date.now();
  await restartWith('per-node', policy({ maxVolumesPerNode: 1 }));
  await waitBlocked('perNodeCap', t3);
  await moreSamples(2);
  const perNode = new Map<string, number>();
  for (const e of real()) perNode.set(e.node, (perNode.get(e.node) ?? 0) + 1);
  assert.is(real().length, 3, 'no volume past the per-node cap');
  assert.is(perNode.size, 3, 'every node got one');
  assert.is(await statusBlockedBy(), 'perNodeCap');
  c.scaleio.addWrites({ storagePoolId: thePool(c).id, bytesPerSecond: 0 });
  // Everything created was verified; the volumes are exactly the ledger's.
  await waitUntil(
    () => real().every((e) => e.stage === 'verified'),
    30_000,
    'every expansion verified',
  );
  const owned = new Set(real().map((e) => e.volume));
  assert.is(ourVolumes(c).length, 3);
  assert.ok(ourVolumes(c).every((v) => owned.has(v.volumeId)));
  assert.is(c.scaleio.state().devices.length, x.devices0 + 3);
});

test('approval mode: nothing until approved through the token action; a declined one never', async () => {
  const x = the();
  const { c } = x;
  const before = real().length;
  const vols0 = ourVolumes(c).length;
  const t0 = Date.now();
  await restartWith('approval', policy({}, { approval: true }));
  fillTo(c, 31);
  const waiting = await waitUntil(
    () => ledger().find((e) => e.stage === 'awaitingApproval' && e.atMs >= t0),
    30_000,
    'an expansion awaiting approval',
  );
  await moreSamples(2);
  assert.is(ourVolumes(c).length, vols0, 'nothing created while it waits');
  assert.is(ledger().filter((e) => e.stage === 'awaitingApproval').length, 1, 'one waits');
  const shown = await statusLedger(x.sched.url);
  assert.is(shown.find((e) => e.seq === waiting.seq)?.state, 'awaitingApproval');
  // The action needs the token.
  const id = { id: waiting.id };
  assert.is((await operatorAction(x.sched.url, undefined, 'healing-approve', id)).status, 401);
  assert.is((await operatorAction(x.sched.url, 'wrong', 'healing-approve', id)).status, 401);
  assert.is(
    (await operatorAction(x.sched.url, TOKEN, 'healing-approve', { id: 'exp-999' })).status,
    400,
  );
  // Declined: final, nothing created; the next decision waits again.
  const d = await operatorAction(x.sched.url, TOKEN, 'healing-decline', id);
  assert.is(d.status, 200, JSON.stringify(d.body));
  assert.is(ledger().find((e) => e.id === waiting.id)?.stage, 'declined');
  const again = await waitUntil(
    () => ledger().find((e) => e.stage === 'awaitingApproval' && e.seq > waiting.seq),
    30_000,
    'a new expansion awaiting approval',
  );
  assert.is(ourVolumes(c).length, vols0, 'nothing created by the declined one');
  // Approved: created, attached, added, verified.
  const a = await operatorAction(x.sched.url, TOKEN, 'healing-approve', { id: again.id });
  assert.is(a.status, 200, JSON.stringify(a.body));
  const done = await waitUntil(
    () => ledger().find((e) => e.id === again.id && e.state !== 'inProgress'),
    60_000,
    'the approved expansion to finish',
  );
  assert.is(done.stage, 'verified');
  // Verified: the one approved; anything newer is waiting again (the pool is still over 30 %).
  assert.is(real().filter((e) => e.stage === 'verified').length, before + 1);
  assert.ok(
    real().every((e) => e.stage === 'verified' || e.stage === 'awaitingApproval'),
    'nothing else started',
  );
  assert.is(ourVolumes(c).length, vols0 + 1, 'one volume, after the approval');
  const statusText = await (await fetch(`${x.sched.url}/api/v1/status`)).text();
  assert.not.match(statusText, TOKEN);
  assert.not.match(x.sched.lines().join('\n'), TOKEN);
});

requirePrereq(test, schemaPrerequisite())(
  'every Mesos wire message valid',
  () => void assertWireValid(shared.the().c.wire),
);

test.run();
