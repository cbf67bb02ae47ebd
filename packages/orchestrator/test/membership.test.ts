// Lost MDM members replaced (issue 19): the ledger's transition table and the pure decisions,
// table-driven; the cluster views stand for what the gateway's queryMdmCluster reports.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  decideMembership,
  defaultClusterSpec,
  emptyMembershipLedger,
  membershipEvent,
  observeAgents,
  emptyDeployState,
  replacementTransition,
  type AgentFacts,
  type AgentId,
  type DeployState,
  type MdmClusterView,
  type MembershipLedger,
  type MembershipSettings,
  type ReplacementEvent,
  type ReplacementStage,
} from '../src/index.js';
import { agent } from './fixtures.js';

const spec = { ...defaultClusterSpec, mdmMinCpus: 1, mdmMinMemMb: 1024 };
const auto: MembershipSettings = {
  mode: 'automatic',
  graceMs: 5000,
  maxAttempts: 3,
  retryBaseMs: 1000,
};

test('the transition table', () => {
  const rows: [ReplacementStage, ReplacementEvent, boolean, ReplacementStage | undefined][] = [
    ['awaitingApproval', 'approve', false, 'installing'],
    ['awaitingApproval', 'applied', false, undefined],
    ['awaitingFailover', 'failedOver', false, 'installing'],
    ['installing', 'applied', false, 'addingStandby'],
    ['addingStandby', 'applied', false, 'replacing'],
    ['replacing', 'applied', false, 'removingStandby'],
    ['removingStandby', 'applied', false, 'done'],
    ['replacing', 'fail', false, 'replacing'],
    ['replacing', 'fail', true, 'failed'],
    ['addingStandby', 'spareLost', false, 'installing'],
    ['replacing', 'spareLost', false, undefined],
    ['failed', 'retry', false, 'installing'],
    ['done', 'retry', false, undefined],
  ];
  for (const [from, e, exhausted, to] of rows)
    assert.is(replacementTransition(from, e, exhausted), to, `${from} ${e}`);
});

/** Five agents in three zones: a1..a3 the MDMs (primary, secondary, tiebreaker), a4, a5 storage. */
const agents: AgentFacts[] = [
  agent('a1', { zone: 'za', rack: 'r1' }, 8),
  agent('a2', { zone: 'zb', rack: 'r2' }, 7),
  agent('a3', { zone: 'zc', rack: 'r3' }, 6),
  agent('a4', { zone: 'za', rack: 'r4' }, 2),
  agent('a5', { zone: 'zb', rack: 'r5' }, 2),
];
const byId = new Map(agents.map((a) => [a.agentId, a] as [AgentId, AgentFacts]));
const deployed = (): DeployState => {
  const s = observeAgents(emptyDeployState(), agents, spec);
  const nodes = Object.fromEntries(
    Object.entries(s.nodes).map(([id, n]) => [
      id,
      {
        ...n,
        steps: Object.fromEntries(
          Object.keys(n.steps).map((k) => [k, { status: 'done' as const, attempts: 1 }]),
        ),
      },
    ]),
  );
  return { ...s, nodes };
};
const cluster0: MdmClusterView = {
  masterIp: '10.0.0.1',
  slaveIps: ['10.0.0.2'],
  tieBreakerIps: ['10.0.0.3'],
  standbys: [],
};
const gone = (s: DeployState, id: string, at = 100): DeployState => ({
  ...s,
  nodes: { ...s.nodes, [id]: { ...s.nodes[id]!, goneAt: at } },
});
const done = (s: DeployState, id: string): DeployState => ({
  ...s,
  nodes: {
    ...s.nodes,
    [id]: {
      ...s.nodes[id]!,
      steps: Object.fromEntries(
        Object.keys(s.nodes[id]!.steps).map((k) => [k, { status: 'done' as const, attempts: 1 }]),
      ),
    },
  },
});

test('a lost secondary, automatic: a spare in another zone installed, added as standby, swapped in, the old one removed', () => {
  const deploy = gone(deployed(), 'a2');
  assert.is(deploy.nodes['a1' as never]?.role, 'primary');
  let ledger: MembershipLedger = emptyMembershipLedger();
  let cluster = cluster0;
  // 1. Detected: an entry, a spare chosen (a5: zone b is empty now, a4 shares zone a with the primary).
  let d = decideMembership(ledger, deploy, byId, cluster, spec, auto, 1000);
  ledger = d.ledger;
  const e = () => ledger.entries[0]!;
  assert.is(e().stage, 'installing');
  assert.is(e().spare?.agentId, 'a5');
  assert.equal(e().lost, { agentId: 'a2', hostname: 'host-a2', ip: '10.0.0.2', role: 'secondary' });
  assert.equal(d.actions, [
    {
      _tag: 'installMdm',
      entryId: e().id,
      spare: { agentId: 'a5', hostname: 'host-a5', ip: '10.0.0.5' },
      role: 'secondary',
    },
  ]);
  // 2. Installed (the task's result): add the standby, on the primary.
  ledger = membershipEvent(ledger, e().id, 'applied', auto, 1900);
  d = decideMembership(ledger, deploy, byId, cluster, spec, auto, 2000);
  ledger = d.ledger;
  assert.is(e().stage, 'addingStandby');
  assert.equal(d.actions, [
    {
      _tag: 'mdmCommand',
      entryId: e().id,
      primary: { agentId: 'a1', hostname: 'host-a1', ip: '10.0.0.1' },
      command: { op: 'addStandby', ip: '10.0.0.5', role: 'Manager', name: 'mdm-host-a5' },
    },
  ]);
  // 3. The command succeeded: replace.
  ledger = membershipEvent(ledger, e().id, 'applied', auto, 2100);
  cluster = { ...cluster, standbys: [{ ip: '10.0.0.5', role: 'Manager' }] };
  d = decideMembership(ledger, deploy, byId, cluster, spec, auto, 2200);
  assert.equal(
    d.actions.map((a) => (a._tag === 'mdmCommand' ? a.command : a._tag)),
    [{ op: 'replace', role: 'secondary', addIp: '10.0.0.5', removeIp: '10.0.0.2' }],
  );
  // 4. The cluster shows the swap: remove the old standby.
  cluster = { ...cluster, slaveIps: ['10.0.0.5'], standbys: [{ ip: '10.0.0.2', role: 'Manager' }] };
  d = decideMembership(d.ledger, deploy, byId, cluster, spec, auto, 2300);
  ledger = d.ledger;
  assert.is(e().stage, 'removingStandby');
  assert.equal(
    d.actions.map((a) => (a._tag === 'mdmCommand' ? a.command : a._tag)),
    [{ op: 'removeStandby', ip: '10.0.0.2' }],
  );
  // 5. Removed: done; every stage is in the history, in order.
  cluster = { ...cluster, standbys: [] };
  d = decideMembership(ledger, deploy, byId, cluster, spec, auto, 2400);
  assert.is(d.ledger.entries[0]?.stage, 'done');
  assert.equal(
    d.ledger.entries[0]?.history.map((h) => h.stage),
    ['installing', 'installing', 'addingStandby', 'replacing', 'removingStandby', 'done'],
  );
  assert.equal(d.actions, []);
  // The new member is itself watched: its loss starts a second replacement.
  const lostAgain = gone(deploy, 'a5', 3000);
  const d2 = decideMembership(d.ledger, lostAgain, byId, cluster, spec, auto, 3000);
  assert.is(d2.ledger.entries.length, 2);
  assert.is(d2.ledger.entries[1]?.lost.agentId, 'a5');
});

test('approval mode waits for the operator; off only reports', () => {
  const deploy = gone(deployed(), 'a3');
  const appr = { ...auto, mode: 'approval' as const };
  const d = decideMembership(emptyMembershipLedger(), deploy, byId, cluster0, spec, appr, 1000);
  assert.is(d.ledger.entries[0]?.stage, 'awaitingApproval');
  assert.is(d.ledger.entries[0]?.lost.role, 'tiebreaker');
  assert.equal(d.actions, []);
  const again = decideMembership(d.ledger, deploy, byId, cluster0, spec, appr, 60_000);
  assert.equal(again.actions, [], 'still waiting a minute later');
  const approved = membershipEvent(d.ledger, d.ledger.entries[0]!.id, 'approve', appr, 61_000);
  const go = decideMembership(approved, deploy, byId, cluster0, spec, appr, 61_000);
  assert.is(go.ledger.entries[0]?.stage, 'installing');
  assert.ok(go.ledger.entries[0]?.spare !== null);
  const off = decideMembership(
    emptyMembershipLedger(),
    deploy,
    byId,
    cluster0,
    spec,
    { ...auto, mode: 'off' },
    1000,
  );
  assert.equal(off.ledger.entries, []);
  assert.match(off.notes.join(), /host-a3 lost; replacement is off/);
});

test('restarted mid-replacement: what the cluster already shows is not done again (no second member)', () => {
  const deploy = gone(deployed(), 'a2');
  const d1 = decideMembership(emptyMembershipLedger(), deploy, byId, cluster0, spec, auto, 1000);
  // The ledger was saved at `replacing`; the replace ran, then the scheduler died before it
  // recorded the result. The new scheduler sees the swap done in the cluster.
  const saved: MembershipLedger = {
    ...d1.ledger,
    entries: [{ ...d1.ledger.entries[0]!, stage: 'replacing' }],
  };
  const after = {
    ...cluster0,
    slaveIps: ['10.0.0.5'],
    standbys: [{ ip: '10.0.0.2', role: 'Manager' as const }],
  };
  const d = decideMembership(saved, deploy, byId, after, spec, auto, 5000);
  assert.is(d.ledger.entries[0]?.stage, 'removingStandby');
  assert.ok(
    d.actions.every((a) => a._tag !== 'mdmCommand' || a.command.op !== 'replace'),
    'no second replace',
  );
});

test('an unreachable member counts as lost only after the grace; a lost master waits for the failover', () => {
  const base = deployed();
  const unreachable = (at: number): DeployState => ({
    ...base,
    nodes: {
      ...base.nodes,
      a2: {
        ...base.nodes['a2']!,
        steps: {
          ...base.nodes['a2']!.steps,
          sdc: { status: 'running', attempts: 1, unreachableSince: at },
        },
      },
    },
  });
  assert.equal(
    decideMembership(emptyMembershipLedger(), unreachable(1000), byId, cluster0, spec, auto, 5999)
      .ledger.entries,
    [],
  );
  assert.is(
    decideMembership(emptyMembershipLedger(), unreachable(1000), byId, cluster0, spec, auto, 6000)
      .ledger.entries.length,
    1,
  );
  // The master lost: nothing until the cluster's own failover made a2 the master.
  const deploy = gone(base, 'a1');
  const d = decideMembership(emptyMembershipLedger(), deploy, byId, cluster0, spec, auto, 1000);
  assert.is(d.ledger.entries[0]?.stage, 'awaitingFailover');
  assert.equal(d.actions, []);
  const failedOver = { ...cluster0, masterIp: '10.0.0.2', slaveIps: ['10.0.0.1'] };
  const d2 = decideMembership(d.ledger, deploy, byId, failedOver, spec, auto, 2000);
  assert.is(d2.ledger.entries[0]?.stage, 'installing');
  assert.is(d2.ledger.entries[0]?.lost.role, 'secondary');
});

test('a member the MDM reports disconnected for the grace is lost, even while Mesos still lists its agent', () => {
  const deploy = deployed();
  const down = { ...cluster0, disconnectedIps: ['10.0.0.3'] };
  const d1 = decideMembership(emptyMembershipLedger(), deploy, byId, down, spec, auto, 1000);
  assert.equal(d1.ledger.entries, []);
  assert.equal(
    d1.ledger.disconnectedSince,
    { '10.0.0.3': 1000 },
    'recorded: the grace runs from here',
  );
  const d2 = decideMembership(d1.ledger, deploy, byId, down, spec, auto, 5999);
  assert.equal(d2.ledger.entries, []);
  const d3 = decideMembership(d2.ledger, deploy, byId, down, spec, auto, 6000);
  assert.is(d3.ledger.entries[0]?.lost.role, 'tiebreaker');
  // Back before the grace ended: forgotten.
  const back = decideMembership(d1.ledger, deploy, byId, cluster0, spec, auto, 3000);
  assert.is(back.ledger.disconnectedSince, undefined);
});

test('a failed command is retried after its backoff, then the entry fails; the operator retries it', () => {
  const deploy = gone(deployed(), 'a2');
  let d = decideMembership(emptyMembershipLedger(), deploy, byId, cluster0, spec, auto, 1000);
  d = decideMembership(
    membershipEvent(d.ledger, d.ledger.entries[0]!.id, 'applied', auto, 1500),
    deploy,
    byId,
    cluster0,
    spec,
    auto,
    2000,
  );
  const id = d.ledger.entries[0]!.id;
  let ledger = membershipEvent(d.ledger, id, 'fail', auto, 2100, 'could not connect to the MDM');
  assert.is(ledger.entries[0]?.stage, 'addingStandby');
  assert.is(ledger.entries[0]?.notBefore, 3100);
  assert.equal(decideMembership(ledger, deploy, byId, cluster0, spec, auto, 3000).actions, []);
  assert.is(decideMembership(ledger, deploy, byId, cluster0, spec, auto, 3100).actions.length, 1);
  ledger = membershipEvent(ledger, id, 'fail', auto, 3200, 'again');
  ledger = membershipEvent(ledger, id, 'fail', auto, 5200, 'and again');
  assert.is(ledger.entries[0]?.stage, 'failed');
  assert.is(ledger.entries[0]?.lastError, 'and again');
  ledger = membershipEvent(ledger, id, 'retry', auto, 9000);
  const r = decideMembership(ledger, deploy, byId, cluster0, spec, auto, 9000);
  // Back at the install (idempotent), then on to the standby where the cluster stands.
  assert.is(r.ledger.entries[0]?.stage, 'installing');
  assert.equal(
    r.actions.map((a) => a._tag),
    ['installMdm'],
  );
});

test('two members of a 5-node cluster lost one after the other: both replaced by different spares', () => {
  const five = { ...spec, mdmCount: 5 as const };
  const seven = [
    ...agents,
    agent('a6', { zone: 'zc', rack: 'r6' }, 2),
    agent('a7', { zone: 'za', rack: 'r7' }, 2),
  ];
  const map = new Map(seven.map((a) => [a.agentId, a] as [AgentId, AgentFacts]));
  const s0 = observeAgents(emptyDeployState(), seven, five);
  let deploy = Object.keys(s0.nodes).reduce((s, id) => done(s, id), s0);
  const ipOf = (role: string) =>
    Object.values(deploy.nodes)
      .filter((n) => n.role === role)
      .map((n) => n.ip);
  const cluster: MdmClusterView = {
    masterIp: ipOf('primary')[0]!,
    slaveIps: ipOf('secondary'),
    tieBreakerIps: ipOf('tiebreaker'),
    standbys: [],
  };
  const [s1] = Object.values(deploy.nodes).filter((n) => n.role === 'secondary');
  const [t1] = Object.values(deploy.nodes).filter((n) => n.role === 'tiebreaker');
  deploy = gone(deploy, s1!.agentId);
  let d = decideMembership(emptyMembershipLedger(), deploy, map, cluster, five, auto, 1000);
  deploy = gone(deploy, t1!.agentId, 1500);
  d = decideMembership(d.ledger, deploy, map, cluster, five, auto, 2000);
  const es = d.ledger.entries;
  assert.is(es.length, 2);
  assert.equal(
    es.map((e) => e.lost.role),
    ['secondary', 'tiebreaker'],
  );
  assert.ok(
    es[0]?.spare && es[1]?.spare && es[0].spare.agentId !== es[1].spare.agentId,
    JSON.stringify(es),
  );
});

test.run();
