// The status after lost nodes (issue 19): node roles follow the current membership (a finished
// replacement, a failover), not the roles first deployed; the lost SDS section shows each
// removal's stage, why it waits and the healing volumes to clean up, with secrets scrubbed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emptyStatusInputs, statusView, type SystemInfo } from '../src/status.js';
import type { MembershipEntryInfo, SdsRemovalInfo } from '../src/membership-info.js';
import { Secret } from '../src/secret.js';
import { demoFacts, demoState, demoTime, SECRETS } from './http-fixture.js';

const state = demoState();
const byRole = (role: string) => Object.values(state.nodes).find((n) => n.role === role);
const primary = byRole('primary');
const secondary = byRole('secondary');
const tiebreaker = byRole('tiebreaker');
const spare = Object.values(state.nodes).find((n) => n.role === 'storage');

const replacement = (stage: string): MembershipEntryInfo => ({
  id: 'mdm-1-x',
  lost: { hostname: secondary?.hostname ?? '', ip: secondary?.ip ?? '', role: 'secondary' },
  spare: { hostname: spare?.hostname ?? '', ip: spare?.ip ?? '' },
  stage,
  attempts: 0,
  history: [{ stage, atMs: demoTime(2) }],
});
const roles = (inputs: Partial<typeof emptyStatusInputs>) =>
  Object.fromEntries(
    statusView(state, demoFacts, demoTime(3), { ...emptyStatusInputs, ...inputs }).nodes.map(
      (n) => [n.hostname, n.role],
    ),
  );

test('roles: as deployed until a replacement is done; then the spare has the lost role', () => {
  assert.ok(primary && secondary && tiebreaker && spare, 'the demo has every role');
  assert.is(roles({})[secondary?.hostname ?? ''], 'secondary');
  const during = roles({ membership: [replacement('replacing')] });
  assert.is(during[secondary?.hostname ?? ''], 'secondary');
  assert.is(during[spare?.hostname ?? ''], 'storage');
  const after = roles({ membership: [replacement('done')] });
  assert.is(after[secondary?.hostname ?? ''], 'storage');
  assert.is(after[spare?.hostname ?? ''], 'secondary');
});

test('roles: the gateway’s member list wins (a failover swapped primary and secondary)', () => {
  const system: SystemInfo = {
    id: 's',
    name: 'sys',
    version: 'R2_0.0',
    mdmClusterMode: 'ThreeNodes',
    mdmClusterState: 'ClusteredNormal',
    members: [
      { name: 'a', ip: secondary?.ip ?? '', role: 'primary', status: 'Normal' },
      { name: 'b', ip: primary?.ip ?? '', role: 'secondary', status: 'Normal' },
      { name: 'c', ip: tiebreaker?.ip ?? '', role: 'tiebreaker', status: 'Normal' },
    ],
  };
  const r = roles({ system });
  assert.is(r[secondary?.hostname ?? ''], 'primary');
  assert.is(r[primary?.hostname ?? ''], 'secondary');
  assert.is(r[tiebreaker?.hostname ?? ''], 'tiebreaker');
});

test('lost SDS section: stage, why, healing volumes to clean up; secrets scrubbed', () => {
  // What the status shows as given.
  const same = {
    id: 'sds-1-10.0.0.4',
    node: { hostname: 'h4', ip: '10.0.0.4' },
    sdsId: 'abc',
    stage: 'waiting',
    attempts: 1,
    why: 'pool sp is rebuilding (1024 KiB degraded, 2048 KiB to rebuild)',
  } as const;
  const e: SdsRemovalInfo & { extra: string } = {
    ...same,
    lastError: `removeSds failed near ${SECRETS.password}`,
    healingVolumes: [{ volume: 'vol-0123', entry: 'exp-3', stage: 'verified' }],
    history: [{ stage: 'waiting', atMs: demoTime(1), note: 'the agent of h4 is lost' }],
    extra: 'not shown',
  };
  const doc = statusView(state, demoFacts, demoTime(3), {
    ...emptyStatusInputs,
    secrets: [new Secret(SECRETS.password)],
    sdsRemovals: [e],
  });
  assert.equal(doc.lostSds, [
    {
      ...same,
      lastError: 'removeSds failed near [secret]',
      healingVolumesToCleanUp: [{ volume: 'vol-0123', entry: 'exp-3', stage: 'verified' }],
      history: [{ stage: 'waiting', atMs: demoTime(1), note: 'the agent of h4 is lost' }],
    },
  ]);
  assert.equal(statusView(state, demoFacts, demoTime(3)).lostSds, []);
});

test.run();
