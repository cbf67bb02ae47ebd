// Every package file is checked against its configured sha256 on the node (`sha256sum`) before
// dpkg/rpm/install sees it: a tampered file is removed and nothing of it is installed; a file
// nobody gave a digest for is never downloaded; an https repository is trusted through its CA.
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTestCert, withTempDir } from '@scaleio-framework/testkit';
import {
  CACHE_DIR,
  createLocalHost,
  dvdiLibraryPath,
  parseSha256Sums,
  parseSha256sumOutput,
  renderPlan,
  runPlan,
  scaleioFileName,
  type InstallSpec,
} from '../src/index.js';
import { fakeNode } from './fake-node.js';
import { BASE, osOf, planOf, repoFor, SIO, src, SUMS, UBUNTU_2004, CENTOS_7 } from './helpers.js';

const WRONG = 'f'.repeat(64);

test('a package whose download does not match its sha256 is removed and not installed', async () => {
  for (const release of [UBUNTU_2004, CENTOS_7]) {
    const os = osOf(release);
    const file = scaleioFileName(os, 'sds', SIO);
    const n = fakeNode({ osRelease: release, repo: repoFor(os) });
    const spec: InstallSpec = {
      component: 'sds',
      params: { package: { ...src(SIO), sha256s: { ...SUMS, [file]: WRONG } } },
    };
    const r = await runPlan(planOf([spec], os), n.host);
    assert.not.ok(r.ok);
    assert.is(r.error?.stepId, 'sds.package');
    assert.is(r.error?.cause?._tag, 'ChecksumMismatch');
    assert.match(
      r.error?.message ?? '',
      new RegExp(
        `${BASE.replace(/\./g, '\\.')}/${file.replace(/\./g, '\\.')}: sha256 [0-9a-f]{64} is not the configured f{64}; the download was removed and nothing of it was installed`,
      ),
    );
    assert.ok(n.calls.includes(`sha256sum ${CACHE_DIR}/${file}`), 'verified on the node');
    assert.not.ok(n.files.has(`${CACHE_DIR}/${file}`), 'the tampered file is gone');
    assert.not.ok(
      n.calls.some((c) => /dpkg -i|rpm -Uvh/.test(c)),
      'the package manager never saw it',
    );
    assert.is(
      n.packages.get(os.family === 'ubuntu' ? 'emc-scaleio-sds' : 'EMC-ScaleIO-sds'),
      undefined,
    );
  }
});

test('the right sha256: downloaded, verified, then installed, in that order', async () => {
  const os = osOf(UBUNTU_2004);
  const file = scaleioFileName(os, 'sds', SIO);
  const n = fakeNode({ osRelease: UBUNTU_2004, repo: repoFor(os) });
  const r = await runPlan(
    planOf([{ component: 'sds', params: { package: src(SIO) } }], os),
    n.host,
  );
  assert.ok(r.ok, r.error?.message);
  const order = n.calls.filter((c) => /^download|^sha256sum|dpkg -i/.test(c));
  assert.equal(order, [
    `download ${BASE}/${file}`,
    `sha256sum ${CACHE_DIR}/${file}`,
    `dpkg -i ${CACHE_DIR}/${file}`,
  ]);
  assert.is(n.packages.get('emc-scaleio-sds'), SIO);
});

test('no sha256 configured: blocked with the reason, nothing downloaded; an installed package needs none', async () => {
  const os = osOf(UBUNTU_2004);
  const file = scaleioFileName(os, 'sds', SIO);
  const n = fakeNode({ osRelease: UBUNTU_2004, repo: repoFor(os) });
  const spec: InstallSpec = {
    component: 'sds',
    params: { package: { baseUrl: BASE, version: SIO } },
  };
  const r = await runPlan(planOf([spec], os), n.host);
  assert.not.ok(r.ok);
  assert.match(r.error?.message ?? '', `blocked: no sha256 configured for ${file}`);
  assert.not.ok(
    n.calls.some((c) => c.startsWith('download')),
    'nothing downloaded',
  );
  n.packages.set('emc-scaleio-sds', SIO);
  n.running.add('sds');
  const again = await runPlan(planOf([spec], os), n.host);
  assert.ok(again.ok, again.error?.message);
  assert.is(again.applied, 0);
});

test('the isolator library is verified in the cache before it is copied into /usr/lib', async () => {
  const os = osOf(UBUNTU_2004);
  const agent = { layout: 'mesos-slave-dir' } as const;
  const file = 'libmesos_dvdi_isolator-0.4.6.so';
  const lib = dvdiLibraryPath('0.4.6');
  const bad = fakeNode({ osRelease: UBUNTU_2004, repo: repoFor(os) });
  const tampered: InstallSpec = {
    component: 'mesos-module-dvdi',
    params: { library: { ...src('0.4.6'), sha256s: { [file]: WRONG } }, agent },
  };
  const r = await runPlan(planOf([tampered], os), bad.host);
  assert.is(r.error?.stepId, 'dvdi.library');
  assert.is(r.error?.cause?._tag, 'ChecksumMismatch');
  assert.not.ok(bad.files.has(lib), 'nothing in /usr/lib');
  assert.not.ok(bad.files.has(`${CACHE_DIR}/${file}`), 'the download is removed');
  assert.not.ok(bad.calls.some((c) => c.startsWith('install ')));

  const good = fakeNode({ osRelease: UBUNTU_2004, repo: repoFor(os) });
  const ok = await runPlan(
    planOf([{ component: 'mesos-module-dvdi', params: { library: src('0.4.6'), agent } }], os),
    good.host,
  );
  assert.ok(ok.ok, ok.error?.message);
  assert.is(good.files.get(lib)?.mode, 0o755);
  assert.ok(good.calls.includes(`install -m 0755 ${CACHE_DIR}/${file} ${lib}`));
});

test('the dry run shows the check between the download and the install', () => {
  const os = osOf(CENTOS_7);
  const file = scaleioFileName(os, 'sds', SIO);
  const text = renderPlan(planOf([{ component: 'sds', params: { package: src(SIO) } }], os));
  const lines = text.split('\n').map((l) => l.trim());
  const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
  const dl = at(new RegExp(`^download .*${file.replace(/\./g, '\\.')} ->`));
  const sum = at(new RegExp(`^\\$ sha256sum ${CACHE_DIR}/.*# must be ${SUMS[file] ?? '?'}`));
  const rpm = at(/^\$ rpm -Uvh/);
  assert.ok(dl >= 0 && sum === dl + 1 && rpm === sum + 1, text);
});

test('SHA256SUMS text: sha256sum output in both modes, comments, ./ names; bad lines named', () => {
  const a = 'a'.repeat(64);
  const b = 'B'.repeat(64);
  assert.equal(parseSha256Sums(`# sums\n${a}  x.deb\n\n${b} *./y.rpm\n${a}  x.deb\n`), {
    _tag: 'Right',
    right: { 'x.deb': a, 'y.rpm': b.toLowerCase() },
  });
  assert.equal(parseSha256Sums(`${a}  x.deb\nnot a sum\n`), {
    _tag: 'Left',
    left: 'line 2 is not "<sha256>  <file name>" (sha256sum output)',
  });
  assert.equal(parseSha256Sums(`${a}  x.deb\n${'c'.repeat(64)}  x.deb\n`), {
    _tag: 'Left',
    left: 'line 2: x.deb is listed twice with different sha256 values',
  });
  assert.equal(parseSha256Sums('\n# nothing\n'), {
    _tag: 'Left',
    left: 'no "<sha256>  <file name>" line in it',
  });
  assert.is(parseSha256sumOutput(`${b}  /var/cache/x\n`), b.toLowerCase());
  assert.is(parseSha256sumOutput(`\\${a}  /var/cache/a\\\\b\n`), a);
  assert.is(parseSha256sumOutput('sha256sum: /x: No such file or directory'), undefined);
});

test('an https repository is trusted through the configured CA, and only through it', async () => {
  const { key, cert } = makeTestCert();
  const body = Buffer.from('package-bytes');
  const server = createServer({ key, cert }, (req, res) => {
    if (req.url === '/moved.deb') {
      res.writeHead(302, { location: '/p.deb' });
      return void res.end();
    }
    res.writeHead(req.url === '/p.deb' ? 200 : 404);
    res.end(req.url === '/p.deb' ? body : 'no');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await withTempDir('installers-ca-', async (dir) => {
      const h = createLocalHost({ root: dir, sleep: async () => undefined, retryDelayMs: 1 });
      const ok = await h.download({ url: `${base}/moved.deb`, dest: '/c/p.deb', ca: cert });
      assert.is(ok._tag === 'Right' ? ok.right.bytes : ok.left.message, body.length);
      const untrusted = await h.download({ url: `${base}/p.deb`, dest: '/c/q.deb', attempts: 1 });
      assert.is(untrusted._tag, 'Left');
      if (untrusted._tag === 'Left') assert.match(untrusted.left.message, /self[- ]signed/i);
      const other = makeTestCert();
      const wrongCa = await h.download({
        url: `${base}/p.deb`,
        dest: '/c/r.deb',
        ca: other.cert,
        attempts: 1,
      });
      assert.is(wrongCa._tag, 'Left');
      const missing = await h.download({
        url: `${base}/x.deb`,
        dest: '/c/x.deb',
        ca: cert,
        attempts: 1,
      });
      if (missing._tag === 'Left') assert.match(missing.left.message, /HTTP 404/);
      else assert.unreachable('a 404 is an error');
      assert.equal(await h.exists('/c/q.deb'), { _tag: 'Right', right: false });
      assert.equal(await h.exists('/c/r.deb'), { _tag: 'Right', right: false });
    });
  } finally {
    server.close();
  }
});

test('a package source carries the CA to the download action', () => {
  const os = osOf(UBUNTU_2004);
  const plan = planOf(
    [
      {
        component: 'sds',
        params: { package: { ...src(SIO), baseUrl: 'https://r.test/p', ca: 'PEM' } },
      },
    ],
    os,
  );
  const actions = plan.components[0]?.steps.find((s) => s.id === 'sds.package')?.actions ?? [];
  const dl = actions.find((a) => a.kind === 'download');
  assert.is(dl?.kind === 'download' ? dl.ca : undefined, 'PEM');
  assert.match(renderPlan(plan), 'server certificate checked against the configured CA');
});

test.run();
