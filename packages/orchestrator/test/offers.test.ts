import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  decideOffers,
  defaultClusterSpec,
  emptyDeployState,
  observeAgents,
  runnableSteps,
  taskIdFor,
  type AgentId,
  type ClusterSpec,
  type DeployState,
  type OfferDecision,
  type OfferView,
  wantsOffers,
  wantsOffersGiven,
} from '../src/index.js';
import { agent, aid } from './fixtures.js';

const spec: ClusterSpec = { ...defaultClusterSpec, faultSetAttribute: 'rack' };

/** The matching rule spelled out naively (a scan of the runnable steps per offer). */
function reference(s: DeployState, offers: readonly OfferView[], now: number): OfferDecision[] {
  const runnable = runnableSteps(s, spec, now).filter((r) => r.kind === 'task');
  const used = new Set<AgentId>();
  return offers.map((o) => {
    const r = runnable.find((x) => x.agentId === o.agentId);
    const decline = (reason: RegExp) => ({ _tag: 'decline', offerId: o.offerId, reason });
    if (!r || used.has(o.agentId)) return decline(/./) as unknown as OfferDecision;
    const mem =
      r.step === 'prereqs'
        ? spec.repoInstallMemMb
        : r.step === 'gateway'
          ? spec.gatewayMemMb
          : ['mdm-package', 'lia', 'sds', 'sdc', 'rexray', 'dvdcli', 'dvdi'].includes(r.step)
            ? spec.packageInstallMemMb
            : spec.stepMemMb;
    const exec = o.executorRunning === true ? 0 : spec.executorMemMb;
    const cpus = spec.stepCpus + (o.executorRunning === true ? 0 : spec.executorCpus);
    if (o.cpus < cpus || o.memMb < mem + exec)
      return decline(/too small/) as unknown as OfferDecision;
    used.add(o.agentId);
    const attempts = s.nodes[o.agentId]?.steps[r.step]?.attempts ?? 0;
    return {
      _tag: 'launch',
      offerId: o.offerId,
      agentId: o.agentId,
      step: r.step,
      taskId: taskIdFor(o.agentId, r.step, attempts),
    };
  });
}

/** A cluster of `n` agents where every third node has its first runnable step running. */
function cluster(n: number): DeployState {
  const agents = Array.from({ length: n }, (_, i) =>
    agent(`a${i}`, { zone: `z${i % 3}`, rack: `r${i % 4}` }, 8 - (i % 5)),
  );
  const s = observeAgents(emptyDeployState(), agents, spec);
  const nodes = { ...s.nodes };
  for (const r of runnableSteps(s, spec, 0)) {
    const node = nodes[r.agentId];
    if (r.kind !== 'task' || Number(r.agentId.slice(1)) % 3 !== 0 || !node) continue;
    const taskId = taskIdFor(r.agentId, r.step, 0);
    nodes[r.agentId] = {
      ...node,
      steps: { ...node.steps, [r.step]: { status: 'running', attempts: 0, taskId } },
    };
  }
  return { ...s, nodes };
}

test('decisions match the naive rule: duplicates, busy nodes, unknown agents, small offers', () => {
  const s = cluster(60);
  const offers: OfferView[] = [];
  for (let i = 0; i < 70; i += 1) {
    const agentId = aid(`a${i % 65}`); // a60..a64 are unknown; a0..a4 offered twice
    // Some offers are too small for a step's memory (with a new executor, or without).
    offers.push({
      offerId: `o${i}`,
      agentId,
      cpus: i % 11 === 0 ? 0.01 : 2,
      memMb: i % 7 === 0 ? 900 : i % 13 === 0 ? 400 : 4096,
      ...(i % 2 === 0 ? { executorRunning: true } : {}),
    });
  }
  const got = decideOffers(s, spec, offers, 0);
  const want = reference(s, offers, 0);
  assert.is(got.length, want.length);
  got.forEach((d, i) => {
    const w = want[i] as OfferDecision & { reason?: RegExp };
    assert.is(d._tag, w._tag, `offer ${i}`);
    assert.is(d.offerId, w.offerId);
    if (d._tag === 'launch') assert.equal(d, w);
    else {
      assert.is(d.agentId, offers[i]?.agentId, 'a decline names its agent');
      assert.match(d.reason, w.reason ?? /./);
    }
  });
  const launches = got.filter((d) => d._tag === 'launch');
  assert.ok(launches.length > 10 && launches.length < 60);
  assert.is(new Set(launches.map((d) => d.agentId)).size, launches.length);
});

test('5,000 offers from 5,000 agents: one decision each, one launch per runnable agent', () => {
  const s = cluster(5_000);
  const offers: OfferView[] = Array.from({ length: 5_000 }, (_, i) => ({
    offerId: `o${i}`,
    agentId: aid(`a${i}`),
    cpus: 2,
    memMb: 4096,
  }));
  const ds = decideOffers(s, spec, offers, 0);
  const runnableAgents = new Set(
    runnableSteps(s, spec, 0)
      .filter((r) => r.kind === 'task')
      .map((r) => r.agentId),
  );
  assert.is(ds.length, 5_000);
  assert.is(ds.filter((d) => d._tag === 'launch').length, runnableAgents.size);
  for (const d of ds) {
    assert.is(d._tag === 'launch', runnableAgents.has(d.agentId), d.offerId);
  }
});

test('wantsOffersGiven agrees with wantsOffers and scans only when it must', () => {
  const pending = cluster(30);
  const done: DeployState = {
    ...pending,
    nodes: Object.fromEntries(
      Object.entries(pending.nodes).map(([id, n]) => [
        id,
        {
          ...n,
          steps: Object.fromEntries(
            Object.keys(n.steps).map((k) => [k, { status: 'done' as const, attempts: 1 }]),
          ),
        },
      ]),
    ),
  };
  const waiting: DeployState = { ...done, waiting: ['1 MDM role(s) open'] };
  for (const [name, s, want] of [
    ['empty', emptyDeployState(), true],
    ['pending', pending, true],
    ['all done', done, false],
    ['roles open', waiting, true],
  ] as const) {
    assert.is(wantsOffers(s, spec, 0), want, name);
    assert.is(wantsOffersGiven(s, runnableSteps(s, spec, 0)), want, name);
    let scans = 0;
    const lazy = () => (scans++, runnableSteps(s, spec, 0));
    assert.is(wantsOffersGiven(s, lazy), want, name);
    const mustScan = s.waiting.length === 0 && Object.keys(s.nodes).length > 0;
    assert.is(scans, mustScan ? 1 : 0, name);
  }
});

test.run();
