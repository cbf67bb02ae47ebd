// Gateway faults mid-deploy, judged from the simulators' own records: a minute of 500s (nodes
// wait, the status says why, nothing is marked failed, the deploy finishes once it is back, no
// SDS, device or step twice), and every token invalidated (the scheduler logs in again).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SimCluster } from '../src/cluster.js';
import { deployed, waitFor, withClusterRun } from '../src/deploy.js';
import type { StatusDoc } from '../src/deploy-watch.js';
import { duplicateLaunches } from '../src/mesos-truth.js';

const OUTAGE_MS = 60_000;

/** Resolves at the scheduler's first call with a token (its gateway work has begun). */
async function firstTokenCall(c: SimCluster, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!c.scaleio.requests().some((r) => r.auth === 'token')) {
    if (Date.now() > until) throw new Error('the scheduler never called the gateway');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One SDS per storage node and each device once: nothing was created twice. */
function assertNothingTwice(c: SimCluster): void {
  const s = c.scaleio.state();
  const ips = s.sdss.flatMap((x) => x.ipList.map((i) => i.ip));
  assert.is(new Set(ips).size, ips.length, `an SDS twice: ${ips.join(', ')}`);
  const devs = s.devices.map((d) => `${d.sdsId} ${d.path}`);
  assert.is(new Set(devs).size, devs.length, 'a device twice');
  assert.equal(duplicateLaunches(c.mesos), [], 'no step ran twice');
}

test('the gateway answers 500 for a minute mid-deploy: nodes wait, then the deploy completes', () =>
  withClusterRun({ agents: 3 }, async ({ c, sched }) => {
    await firstTokenCall(c, 120_000);
    const set = c.scaleio.setFaults({ errors500: { pathRegex: '^/api/', forMs: OUTAGE_MS } });
    assert.ok(set._tag === 'Right');
    const outageEnds = Date.now() + OUTAGE_MS;
    let waitingSeen = '';
    let failedSeen: readonly string[] = [];
    const sawComplete = (s: StatusDoc) => {
      const w = s.nodes?.find((n) => n.lastError?.startsWith('waiting for the gateway'));
      if (w && Date.now() < outageEnds) waitingSeen = `${w.hostname}: ${w.lastError ?? ''}`;
      if ((s.deploy?.failedNodes?.length ?? 0) > 0) failedSeen = s.deploy?.failedNodes ?? [];
      return deployed(s) || failedSeen.length > 0;
    };
    const status = await waitFor(sched.url, sawComplete, OUTAGE_MS + 60_000);
    assert.equal(failedSeen, [], 'no node was marked failed');
    assert.ok(status.deploy?.complete, 'deployed');
    assert.ok(Date.now() >= outageEnds, 'it completed only after the gateway was back');
    assert.match(waitingSeen, /waiting for the gateway: .*500/, 'the status said why nodes waited');
    const journal = c.scaleio.requests();
    const refusedDuring = journal.filter((r) => r.status === 500).length;
    assert.ok(refusedDuring > 0, 'calls were refused during the outage');
    console.log(`  ${refusedDuring} calls answered 500 during the outage; waited: ${waitingSeen}`);
    assertNothingTwice(c);
  }));

test('every token invalidated mid-deploy: the scheduler logs in again and completes', () =>
  withClusterRun({ agents: 3 }, async ({ c, sched }) => {
    await firstTokenCall(c, 120_000);
    const logins = () =>
      c.scaleio.requests().filter((r) => r.path === '/api/login' && r.status === 200).length;
    const before = logins();
    const at = c.scaleio.requests().length;
    const s0 = await (await fetch(`${sched.url}/api/v1/status`)).json();
    assert.not.ok((s0 as StatusDoc).deploy?.complete, 'still deploying when the tokens go');
    const r = c.scaleio.setFaults({ invalidateTokens: true });
    assert.ok(r._tag === 'Right');
    const status = await waitFor(
      sched.url,
      (s) => deployed(s) || (s.deploy?.failedNodes?.length ?? 0) > 0,
      120_000,
    );
    assert.ok(status.deploy?.complete, 'deployed');
    const after = c.scaleio.requests().slice(at);
    assert.ok(
      after.some((x) => x.auth === 'other' && x.status === 401),
      'a call with the dead token was refused',
    );
    assert.ok(logins() > before, 'and the scheduler logged in again');
    assertNothingTwice(c);
  }));

test.run();
