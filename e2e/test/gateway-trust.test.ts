// Trust and least exposure, judged from the simulators' own records: a deploy over TLS to a
// gateway with a self-signed certificate, trusted by the pin its node reported; the same address
// then answered by an impostor with another certificate is refused before any request reaches it;
// and the admin password travels only in the launches of the steps that use it.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deployPlan } from '@scaleio-framework/orchestrator';
import { startScaleioSim } from '@scaleio-framework/scaleio-sim';
import { startSimCluster } from '../src/cluster.js';
import { deployed, schedulerRun, waitFor } from '../src/deploy.js';
import { startGatewaySwap } from '../src/gateway-swap.js';
import { stepOf } from '../src/mesos-truth.js';
import type { SchedulerProcess } from '../src/scheduler.js';

const TIMEOUT = 180_000;

interface StatusEvents {
  events?: { level: string; kind: string; message: string }[];
}

test('TLS pinned to the certificate the node reports; an impostor at the same address gets nothing', async () => {
  const c = await startSimCluster({ agents: 3 });
  const swap = await startGatewaySwap(c.scaleio.url);
  const impostor = await startScaleioSim({ tls: 'self-signed', password: 'Impostor-pw-1' });
  const run = schedulerRun(c);
  let sched: SchedulerProcess | undefined;
  try {
    const cert = c.scaleio.certificate;
    assert.ok(cert !== undefined, 'the gateway serves TLS');
    assert.match(swap.url, /^https:/);
    sched = await run.start(['--gateway-url', swap.url]);
    const t0 = Date.now();
    await waitFor(
      sched.url,
      (s) => deployed(s) || (s.deploy?.failedNodes?.length ?? 0) > 0,
      TIMEOUT,
    );
    const status = await waitFor(sched.url, deployed, 1000);
    assert.ok(status.deploy?.complete, 'deployed over TLS');
    console.log(`  deployed over pinned TLS in ${Math.round((Date.now() - t0) / 1000)} s`);

    // The pin is the certificate the gateway's node reported (read from its keystore).
    const file = JSON.parse(readFileSync(run.stateFile, 'utf8')) as {
      entries?: { deploy?: { data?: string } };
    };
    const state = JSON.parse(file.entries?.deploy?.data ?? '{}') as {
      value?: { nodes?: Record<string, { role: string; gatewayCertificate?: { sha256: string } }> };
    };
    const primary = Object.values(state.value?.nodes ?? {}).find((n) => n.role === 'primary');
    assert.is(primary?.gatewayCertificate?.sha256, cert.sha256, 'the primary reported the pin');
    const trustLines = sched.lines().filter((l) => l.includes('"gateway trust"'));
    assert.ok(
      trustLines.length > 0 && trustLines.every((l) => l.includes(`pinned ${cert.sha256}`)),
      `every gateway client pinned the reported certificate: ${trustLines.join('\n')}`,
    );
    assert.not.ok(
      sched.lines().some((l) => /plain HTTP|DISABLED|VERIFICATION IS OFF/.test(l)),
      'no insecure path was taken',
    );
    const calls = c.scaleio.requests();
    assert.ok(
      calls.some((r) => r.auth === 'token' && r.status === 200),
      'the calls reached it',
    );

    // Least exposure: the password is in the launches of the steps that use it, and only there.
    const secretSteps = new Set(deployPlan.filter((d) => d.secret).map((d) => d.id as string));
    const tasks = c.mesos.history().tasks;
    const carries = (data: string | undefined) =>
      data !== undefined && Buffer.from(data, 'base64').toString('utf8').includes(c.password);
    const withPw = tasks.filter((t) => carries(t.data));
    const wrong = withPw.filter((t) => !secretSteps.has(stepOf(t))).map((t) => t.taskId);
    const missing = tasks
      .filter((t) => secretSteps.has(stepOf(t)) && !carries(t.data))
      .map((t) => t.taskId);
    assert.equal(wrong, [], 'no launch of a step that does not use it carries the password');
    assert.equal(missing, [], 'every launch of a step that uses it carries it');
    console.log(
      `  password in ${withPw.length} of ${tasks.length} launches (${[...new Set(withPw.map(stepOf))].join(', ')})`,
    );

    // The same address now answers with another certificate.
    const before = Date.now();
    swap.point(impostor.url);
    const refused = await waitForEvent(sched.url, /not the pinned/, 30_000);
    console.log(`  impostor refused after ${Math.round((Date.now() - before) / 1000)} s`);
    assert.ok(
      refused.includes(cert.sha256) && refused.includes(impostor.certificate?.sha256 ?? '?'),
    );
    assert.equal(impostor.requests(), [], 'not one request (no password, no token) reached it');
    const doc = await (await fetch(`${sched.url}/api/v1/status`)).text();
    assert.not.ok(doc.includes(c.password), 'the status never shows the password');
    assert.not.ok(sched.lines().join('\n').includes(c.password), 'nor does the log');
  } finally {
    await sched?.stop();
    await swap.stop();
    await impostor.stop();
    await c.stop();
    run.cleanup();
  }
});

/** The message of the first status event matching `re` (waits for it). */
async function waitForEvent(url: string, re: RegExp, timeoutMs: number): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const st = (await (await fetch(`${url}/api/v1/status`)).json()) as StatusEvents;
    const hit = st.events?.find((e) => re.test(e.message));
    if (hit) return hit.message;
    if (Date.now() > until)
      throw new Error(`no event ${re}: ${JSON.stringify(st.events?.slice(0, 5))}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

test.run();
