// An executor that dies before it subscribes leaves only its sandbox: the agent's /files/read
// serves it at the executor's `runs/latest` virtual path, reachable at the address the agent
// advertises in offers through the simulated network's proxy.
import { request } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { launchBody, subscribeScheduler, taskResources, withMesosSim } from './support/cluster.js';

/** GET `target` (absolute URL) through the HTTP proxy at `proxy`, as an `http_proxy` client does. */
const viaProxy = (proxy: string, target: string): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const p = new URL(proxy);
    const req = request({ host: p.hostname, port: p.port, path: target, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });

test('/files/read: the stderr of an executor that exited, via the agent’s advertised address', async () => {
  await withMesosSim({ agents: [{ ip: '10.0.0.5', hostname: 'n5' }] }, async (sim) => {
    const s = await subscribeScheduler(sim);
    try {
      const offer = (await s.offers())[0] as {
        id: { value: string };
        agent_id: { value: string };
        url: { address: { ip: string; port: number } };
      };
      assert.is(offer.url.address.ip, '10.0.0.5');
      const executor = {
        type: 'CUSTOM',
        executor_id: { value: 'dies' },
        name: 'dies',
        command: { value: "echo 'line one' >&2; echo 'it cannot start' >&2; exit 1" },
        resources: taskResources(0.1, 32),
      };
      const task = {
        name: 't',
        task_id: { value: 't' },
        agent_id: offer.agent_id,
        resources: taskResources(0.1, 32),
        executor,
      };
      assert.is(await s.call('ACCEPT', launchBody([offer.id.value], [task])), 202);
      const failed = await s.update('t', 'TASK_FAILED');
      assert.is(failed['reason'], 'REASON_EXECUTOR_TERMINATED');
      assert.is(failed['message'], 'Executor terminated', 'the status itself carries no stderr');
      const base = `http://${offer.url.address.ip}:${offer.url.address.port}/files/read`;
      const path = `/frameworks/${s.frameworkId}/executors/dies/runs/latest/stderr`;
      const size = await viaProxy(sim.proxyUrl, `${base}?path=${encodeURIComponent(path)}`);
      assert.is(size.status, 200);
      const total = (JSON.parse(size.body) as { offset: number; data: string }).offset;
      assert.is(total, 'line one\nit cannot start\n'.length, 'no offset: the size, no data');
      const tail = await viaProxy(
        sim.proxyUrl,
        `${base}?path=${encodeURIComponent(path)}&offset=9&length=100`,
      );
      assert.equal(JSON.parse(tail.body), { data: 'it cannot start\n', offset: 9 });
      assert.is((await viaProxy(sim.proxyUrl, `${base}?path=/nope`)).status, 404);
      assert.is((await viaProxy(sim.proxyUrl, base)).status, 400);
      const dir = `/frameworks/${s.frameworkId}/executors/dies/runs/latest`;
      assert.is((await viaProxy(sim.proxyUrl, `${base}?path=${dir}`)).status, 400);
      const elsewhere = await viaProxy(sim.proxyUrl, `http://10.9.9.9:1/files/read?path=x`);
      assert.is(elsewhere.status, 502, 'no agent there');
    } finally {
      s.stream.close();
    }
  });
});

test.run();
