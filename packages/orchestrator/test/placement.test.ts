// Placement with the whole cluster in view (issue 19): the settle window, MDMs spread across
// zones then racks, fault sets from every storage node, a node without the attribute held.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  decide,
  defaultClusterSpec,
  emptyDeployState,
  initialModel,
  isMdm,
  observeAgents,
  settleWindow,
  spreadMdms,
  type Action,
  type AgentFacts,
  type DeployState,
  type SchedulerModel,
} from '../src/index.js';
import { agent, testSettings } from './fixtures.js';

const spec = { ...defaultClusterSpec, faultSetAttribute: 'rack' };
const windowed = {
  ...testSettings,
  spec: { ...testSettings.spec, placementQuietMs: 2000, placementMaxWaitMs: 30_000 },
};
/** An agent in zone `z`, rack `r`, with `cpus` (larger agents are preferred for MDMs). */
const at = (id: string, z: string, r: string, cpus = 4): AgentFacts =>
  agent(id, { zone: z, rack: r }, cpus);
const mdmsOf = (s: DeployState) =>
  Object.values(s.nodes)
    .filter((n) => isMdm(n.role))
    .map((n) => n.agentId as string)
    .sort();

test('the settle window: quiet period, expected count, maximum wait', () => {
  const s = { ...spec, placementQuietMs: 2000, placementMaxWaitMs: 10_000 };
  const cases: [string, Parameters<typeof settleWindow>[0], number, typeof s, boolean][] = [
    ['no agent yet', undefined, 0, s, false],
    ['a new agent 1 s ago', { firstAt: 0, lastNewAt: 1000, count: 3 }, 2000, s, false],
    ['quiet for 2 s', { firstAt: 0, lastNewAt: 1000, count: 3 }, 3000, s, true],
    [
      'agents keep coming: the maximum wait',
      { firstAt: 0, lastNewAt: 9500, count: 9 },
      10_000,
      s,
      true,
    ],
    [
      'the expected count reached',
      { firstAt: 0, lastNewAt: 100, count: 5 },
      100,
      { ...s, placementExpectedAgents: 5 },
      true,
    ],
    [
      'short of the expected count',
      { firstAt: 0, lastNewAt: 100, count: 4 },
      100,
      { ...s, placementExpectedAgents: 5 },
      false,
    ],
  ];
  for (const [name, seen, now, sp, settled] of cases)
    assert.is(settleWindow(seen, sp, now).settled, settled, name);
  const w = settleWindow(
    { firstAt: 0, lastNewAt: 100, count: 4 },
    { ...s, placementExpectedAgents: 5 },
    100,
  );
  assert.ok(!w.settled && /4 of 5 expected agents seen/.test(w.why), JSON.stringify(w));
});

test('MDMs spread across zones first, then racks, then the largest agents', () => {
  const cands = [
    at('a1', 'za', 'r1', 16),
    at('a2', 'za', 'r2', 15),
    at('a3', 'za', 'r1', 14),
    at('a4', 'zb', 'r3', 3),
    at('a5', 'zb', 'r3', 2),
    at('a6', 'zc', 'r4', 1),
  ];
  const three = spreadMdms(cands, ['primary', 'secondary', 'tiebreaker'], [], spec);
  assert.equal(three, [
    { agentId: 'a1', role: 'primary' },
    { agentId: 'a4', role: 'secondary' },
    { agentId: 'a6', role: 'tiebreaker' },
  ]);
  const five = spreadMdms(
    cands,
    ['primary', 'secondary', 'secondary', 'tiebreaker', 'tiebreaker'],
    [],
    spec,
  );
  // zones 2/2/1; the second member in zone a goes to another rack than the first (a2, not a3).
  assert.equal(
    five.map((p) => p.agentId),
    ['a1', 'a4', 'a6', 'a2', 'a5'],
  );
  // Attribute names are configurable: spread by `dc` then `row`.
  const renamed = { ...spec, failureDomainAttribute: 'dc', rackAttribute: 'row' };
  const dcs = ['x', 'x', 'y', 'z'].map((dc, i) => agent(`b${i}`, { dc, row: `w${i}` }, 8 - i));
  assert.equal(
    spreadMdms(dcs, ['primary', 'secondary', 'tiebreaker'], [], renamed).map((p) => p.agentId),
    ['b0', 'b2', 'b3'],
  );
});

const offersOf = (as: readonly AgentFacts[], tag: string) => ({
  _tag: 'offers' as const,
  offers: as.map((a, i) => ({ offerId: `${tag}-${i}`, agent: a })),
});
const tagsOf = (as: readonly Action[]) => as.map((a) => a._tag);

test('agents of three zones arriving over 10 s: nothing committed while they arrive, re-planned on each; then MDMs in three zones and a REVIVE', () => {
  const zoneA = [at('a1', 'za', 'r1', 16), at('a2', 'za', 'r2', 15), at('a3', 'za', 'r3', 14)];
  const zoneB = [at('b1', 'zb', 'r4', 2)];
  const zoneC = [at('c1', 'zc', 'r5', 2)];
  let m: SchedulerModel = initialModel(undefined, windowed, 0);
  m = decide(m, offersOf(zoneA, 'o1'), windowed, 0).model;
  assert.equal(mdmsOf(m.deploy), [], 'not committed on the first offers');
  assert.match(m.deploy.waiting.join(), /placement settling: 3 agent\(s\) seen/);
  assert.match(m.deploy.waiting.join(), /proposed: primary host-a1, secondary host-a2/);
  m = decide(m, { _tag: 'tick' }, windowed, 1500).model;
  m = decide(m, offersOf([...zoneA, ...zoneB], 'o2'), windowed, 1900).model;
  assert.match(m.deploy.waiting.join(), /secondary host-b1/, 're-planned with the new zone');
  m = decide(m, { _tag: 'tick' }, windowed, 3800).model;
  assert.equal(mdmsOf(m.deploy), []);
  m = decide(m, offersOf([...zoneA, ...zoneB, ...zoneC], 'o3'), windowed, 3900).model;
  m = decide(m, { _tag: 'tick' }, windowed, 5000).model;
  assert.equal(mdmsOf(m.deploy), [], 'still settling 1.1 s after the last new agent');
  const d = decide(m, { _tag: 'tick' }, windowed, 5900);
  assert.equal(mdmsOf(d.model.deploy), ['a1', 'b1', 'c1']);
  assert.ok(tagsOf(d.actions).includes('revive'), 'the held agents are offered again at once');
  assert.equal(d.model.deploy.faultSets?.names.length, 5);
  assert.equal(d.model.deploy.waiting, []);
  // Committed: a later agent neither moves the roles nor waits.
  const later = decide(d.model, offersOf([at('d1', 'zd', 'r6', 64)], 'o4'), windowed, 6000);
  assert.equal(mdmsOf(later.model.deploy), ['a1', 'b1', 'c1']);
  assert.is(later.model.deploy.nodes['d1' as never]?.role, 'storage');
});

test('the expected agent count commits as soon as it is reached', () => {
  const s = { ...windowed, spec: { ...windowed.spec, placementExpectedAgents: 4 } };
  let m = initialModel(undefined, s, 0);
  const first = [at('a1', 'za', 'r1', 8), at('a2', 'za', 'r2', 7), at('a3', 'zb', 'r3', 6)];
  m = decide(m, offersOf(first, 'o1'), s, 0).model;
  assert.match(m.deploy.waiting.join(), /3 of 4 expected agents seen/);
  m = decide(m, offersOf([at('a4', 'zc', 'r4', 2)], 'o2'), s, 10).model;
  assert.equal(mdmsOf(m.deploy), ['a1', 'a3', 'a4']);
});

test('fault sets from every storage node; one without the attribute is held (named), or placed by the default', () => {
  const nodes = [
    at('a1', 'za', 'r1', 8),
    at('a2', 'zb', 'r2', 7),
    at('a3', 'zc', 'r3', 6),
    agent('a4', { zone: 'za' }, 2),
  ];
  const s1 = observeAgents(emptyDeployState(), nodes, spec);
  assert.equal(s1.faultSets?.names, ['fs_r1', 'fs_r2', 'fs_r3']);
  assert.is(s1.nodes['a4' as never], undefined, 'held, not given an empty fault set');
  assert.match(s1.waiting.join(), /host-a4 held: storage node without the 'rack' attribute/);
  // With a default it is placed there.
  const dflt = { ...spec, faultSetDefault: 'r1' };
  const s2 = observeAgents(emptyDeployState(), nodes, dflt);
  assert.is(s2.nodes['a4' as never]?.faultSet, 'fs_r1');
  assert.equal(s2.waiting, []);
  // A late node: held the same way; a new rack value becomes a new fault set.
  const s3 = observeAgents(s2, [...nodes, agent('a5', {}, 2), at('a6', 'za', 'r9')], spec);
  assert.is(s3.nodes['a5' as never], undefined);
  assert.match(s3.waiting.join(), /host-a5 held/);
  assert.is(s3.nodes['a6' as never]?.faultSet, 'fs_r9');
  assert.equal(s3.faultSets?.names, ['fs_r1', 'fs_r2', 'fs_r3', 'fs_r9']);
  // Nothing ever gets '' while fault sets are in use.
  for (const n of Object.values(s3.nodes)) assert.is.not(n.faultSet, '', n.hostname);
});

test('an MDM node without the attribute (no default): no fault sets, with the warning', () => {
  const nodes = [
    agent('a1', { zone: 'za' }, 8),
    at('a2', 'zb', 'r2', 7),
    at('a3', 'zc', 'r3', 6),
    at('a4', 'za', 'r4', 1),
  ];
  const s = observeAgents(emptyDeployState(), nodes, spec);
  assert.is(s.nodes['a1' as never]?.role, 'primary');
  assert.equal(s.faultSets?.names, []);
  assert.match(s.faultSets?.warning ?? '', /lack the 'rack' attribute/);
  assert.is(Object.keys(s.nodes).length, 4);
});

test.run();
