// Every package file is checked on its node against the sha256 the scheduler was given
// (`--package-sha256-file`, here the SHA256SUMS the simulated repository publishes) before it is
// installed. The repository serves one node's dvdcli package tampered with (other bytes under the
// same name): that node's step fails with the reason in the status, and node-sim's records show
// the node's own sha256sum saw the other digest, the file is gone and dpkg never ran; the other
// nodes finish, and every package any node installed was verified first.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CallRecord } from '@scaleio-framework/node-sim';
import type { SimCluster } from '../src/cluster.js';
import { waitFor, withClusterRun } from '../src/deploy.js';
import type { StatusDoc } from '../src/deploy-watch.js';

const CACHE = '/var/cache/scaleio-framework';
/** The dvdcli package of the Ubuntu node (the others run CentOS 7 and take the .rpm). */
const TAMPERED = 'dvdcli_0.3.1-1_amd64.deb';
const TIMEOUT = 300_000;

const nodeOf = (c: SimCluster, host: string) => {
  const n = c.nodes.node(c.nodeIdOf(host));
  if (n._tag === 'Left') throw new Error(`no node for ${host}`);
  return n.right;
};
const callsOf = (c: SimCluster, host: string): CallRecord[] => {
  const calls = nodeOf(c, host).calls();
  if (calls._tag === 'Left') throw new Error(calls.left.message);
  return calls.right;
};

/** The tampered node failed; every other one is done. */
const settled = (bad: string) => (s: StatusDoc) => {
  const nodes = s.nodes ?? [];
  return (
    nodes.length === 4 &&
    nodes.every((n) => (n.hostname === bad ? n.status === 'failed' : n.phase === 'done'))
  );
};

test('a tampered package is refused on its node and nothing of it is installed; the rest deploy', async () => {
  const t0 = Date.now();
  await withClusterRun(
    { agents: 4, os: ['centos-7', 'centos-7', 'ubuntu-20.04', 'centos-7'] },
    async ({ c, sched }) => {
      const bad = c.hostnames[2] ?? '';
      const status = await waitFor(sched.url, settled(bad), TIMEOUT);
      console.log(`verified-packages: settled in ${Math.round((Date.now() - t0) / 1000)} s`);

      const published = c.nodes.repo.files().find((f) => f.file === TAMPERED)?.sha256 ?? '';
      assert.match(published, /^[0-9a-f]{64}$/);
      // The status says which file, what it should have been, and that nothing was installed.
      const failed = (status.nodes ?? []).find((n) => n.hostname === bad);
      assert.match(failed?.lastError ?? '', TAMPERED);
      assert.match(
        failed?.lastError ?? '',
        new RegExp(`sha256 [0-9a-f]{64} is not the configured ${published}`),
      );
      assert.match(failed?.lastError ?? '', 'nothing of it was installed');

      // node-sim's records of the tampered node: its sha256sum digested the file it was served
      // (not the published digest), the file is gone, dpkg never saw it, no dvdcli installed.
      const served = c.nodes.repo.requests().filter((r) => r.path.endsWith(TAMPERED));
      assert.ok(served.length > 0 && served.every((r) => r.fault === 'corrupt'), 'served tampered');
      const calls = callsOf(c, bad);
      const sums = calls.filter(
        (k) => k.tool === 'sha256sum' && k.argv.includes(`${CACHE}/${TAMPERED}`),
      );
      assert.ok(sums.length > 0, 'the node checked the file');
      for (const k of sums) {
        assert.is(k.exitCode, 0);
        assert.not.match(k.stdout, published, 'the node saw another digest');
      }
      assert.not.ok(
        calls.some((k) => k.tool === 'dpkg' && k.argv.some((a) => a.includes(TAMPERED))),
        'dpkg never ran on it',
      );
      const node = nodeOf(c, bad);
      assert.is(node.readFile(`${CACHE}/${TAMPERED}`), undefined, 'the download was removed');
      const pkgs = node.packages();
      assert.ok(
        pkgs._tag === 'Right' && pkgs.right['dvdcli'] === undefined,
        'dvdcli not installed',
      );

      // Everywhere: every package file dpkg or rpm installed was digested first, on that node,
      // with the published digest.
      const sumsByFile = new Map(c.nodes.repo.files().map((f) => [f.file, f.sha256]));
      for (const host of c.hostnames) {
        const log = callsOf(c, host);
        log.forEach((k, i) => {
          if (!(
            (k.tool === 'dpkg' && k.argv.includes('-i')) ||
            (k.tool === 'rpm' && k.argv.includes('-Uvh'))
          ))
            return;
          const file = k.argv.at(-1) ?? '';
          const name = file.slice(file.lastIndexOf('/') + 1);
          const check = log
            .slice(0, i)
            .reverse()
            .find((x) => x.tool === 'sha256sum' && x.argv.includes(file));
          assert.ok(check !== undefined, `${host}: ${file} was installed without a check`);
          assert.is(check?.stdout.slice(0, 64), sumsByFile.get(name), `${host}: ${name}`);
        });
      }
      // The CentOS nodes have dvdcli: the same step passed with the right bytes.
      for (const host of c.hostnames.filter((h) => h !== bad)) {
        const p = nodeOf(c, host).packages();
        assert.ok(p._tag === 'Right' && p.right['dvdcli'] !== undefined, `${host}: dvdcli`);
      }
    },
    async (run, c) => {
      const r = c.nodes.repo.corrupt(TAMPERED, 'always');
      if (r._tag === 'Left') throw new Error(r.left.message);
      return run.start(['--max-attempts', '2']);
    },
  );
});

test.run();
