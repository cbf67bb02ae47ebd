import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  declaredStorage,
  defaultClusterSpec,
  planFaultSets,
  selectRoles,
  type Role,
} from '../src/index.js';
import { agent, aid } from './fixtures.js';

const spec = defaultClusterSpec;

test('the attribute grammar: sds tree provides, sdc tree consumes, persona', () => {
  const d = declaredStorage({
    'scaleio-sds-domains': 'pd1',
    'scaleio-sds-pd1': 'sp1,sp2',
    'scaleio-sds-pd1-sp1': '/dev/xvdf, /dev/xvdg',
    'scaleio-sds-sp2': '/dev/xvdh',
    'scaleio-sdc-domains': 'pd9',
    'scaleio-sdc-pd9': 'spx',
    'scaleio-persona': 'tiebreaker',
  });
  assert.equal(d.provides, { pd1: { sp1: ['/dev/xvdf', '/dev/xvdg'], sp2: ['/dev/xvdh'] } });
  assert.equal(d.consumes, { pd9: ['spx'] });
  assert.is(d.persona, 'tiebreaker');
  assert.is(d.imperative, true);
  assert.is(declaredStorage({ 'scaleio-persona': 'boss' }).persona, undefined);
});

test('MDMs spread across failure domains, then by free capacity', () => {
  const agents = [
    agent('a1', { zone: 'z1' }, 8),
    agent('a2', { zone: 'z1' }, 7),
    agent('a3', { zone: 'z2' }, 2),
    agent('a4', { zone: 'z3' }, 3),
    agent('a5', { zone: 'z2' }, 6),
  ];
  const { roles, waiting } = selectRoles(agents, spec, {});
  assert.equal(waiting, []);
  assert.equal(roles, {
    a1: 'primary',
    a5: 'secondary',
    a4: 'tiebreaker',
    a2: 'storage',
    a3: 'storage',
  });
});

test('too few eligible agents: nothing chosen automatically, the reason is given', () => {
  const { roles, waiting } = selectRoles([agent('a1'), agent('a2'), agent('a3', {}, 1)], spec, {});
  assert.equal(
    Object.values(roles).filter((r) => r !== 'storage'),
    [],
  );
  assert.is(waiting.length, 1);
  assert.match(waiting[0] ?? '', /3 MDM role\(s\) open .* 2 eligible/);
});

test('scaleio-persona wins over automatic choice, even on a small agent', () => {
  const agents = [
    agent('a1', {}, 8),
    agent('a2', { 'scaleio-persona': 'primary' }, 1, 512),
    agent('a3'),
    agent('a4'),
  ];
  const { roles } = selectRoles(agents, spec, {});
  assert.is(roles[aid('a2')], 'primary');
  assert.is(roles[aid('a1')], 'secondary');
});

test('kept roles never change, even when a bigger agent appears', () => {
  const kept: Record<string, Role> = { a1: 'primary', a2: 'secondary', a3: 'tiebreaker' };
  const agents = [agent('a1', {}, 2), agent('a2', {}, 2), agent('a3', {}, 2), agent('a9', {}, 64)];
  const { roles } = selectRoles(agents, spec, kept);
  assert.equal(roles, { a1: 'primary', a2: 'secondary', a3: 'tiebreaker', a9: 'storage' });
});

test('5-node MDM cluster: one primary, two secondaries, two tiebreakers', () => {
  const agents = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((id, i) =>
    agent(id, { zone: `z${i}` }, 10 - i),
  );
  const { roles } = selectRoles(agents, { ...spec, mdmCount: 5 }, {});
  const count = (r: Role) => Object.values(roles).filter((x) => x === r).length;
  assert.equal(
    [count('primary'), count('secondary'), count('tiebreaker'), count('storage')],
    [1, 2, 2, 1],
  );
});

test('sdc-only agents are clients and never MDMs; existing mode chooses no MDMs', () => {
  const agents = [
    agent('a1', { 'scaleio-sdc-domains': 'pd', 'scaleio-sdc-pd': 'sp' }, 16),
    agent('a2'),
    agent('a3'),
    agent('a4'),
  ];
  const full = selectRoles(agents, spec, {});
  assert.is(full.roles[aid('a1')], 'client');
  const existing = selectRoles(agents, { ...spec, mode: 'existing' }, {});
  assert.equal(Object.values(existing.roles).sort(), ['client', 'storage', 'storage', 'storage']);
});

test('fault sets: three racks make three sets; fewer, or a node without the attribute, make none', () => {
  const three = planFaultSets(
    [agent('a1', { rack: 'r1' }), agent('a2', { rack: 'r2' }), agent('a3', { rack: 'r 3' })],
    'rack',
  );
  assert.equal(three.names, ['fs_r1', 'fs_r2', 'fs_r_3']);
  assert.is(three.byNode[aid('a3')], 'fs_r_3');
  assert.is(three.warning, undefined);
  const two = planFaultSets(
    [agent('a1', { rack: 'r1' }), agent('a2', { rack: 'r2' }), agent('a3', { rack: 'r2' })],
    'rack',
  );
  assert.equal(two.names, []);
  assert.match(two.warning ?? '', /2 distinct value/);
  const missing = planFaultSets(
    [agent('a1', { rack: 'r1' }), agent('a2', { rack: 'r2' }), agent('a3')],
    'rack',
  );
  assert.match(missing.warning ?? '', /host-a3 lack/);
  assert.equal(planFaultSets([agent('a1')], ''), { byNode: {}, names: [], warning: undefined });
});

test.run();
