import { createHash } from 'node:crypto';
import { chmod, readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withTempDir } from '@scaleio-framework/testkit';
import {
  createLocalHost,
  inventoryDisks,
  runPlan,
  secret,
  type HostEvent,
  type Plan,
} from '../src/index.js';
import { SECRET_VALUE } from './helpers.js';

const pw = secret('adminPassword', SECRET_VALUE);

const withTemp = (f: (dir: string) => Promise<void>): Promise<void> =>
  withTempDir('installers-', f);

/** Writes tiny fake commands into `<dir>/bin` and returns a PATH with them first. */
const fakeBin = async (dir: string, tools: Record<string, string>): Promise<string> => {
  const bin = join(dir, 'bin');
  await mkdir(bin, { recursive: true });
  for (const [name, body] of Object.entries(tools)) {
    await writeFile(join(bin, name), `#!/bin/sh\n${body}\n`);
    await chmod(join(bin, name), 0o755);
  }
  return `${bin}:/usr/bin:/bin`;
};

test('files live under the root: atomic write with mode, read, stat, list, remove; no escaping the root', async () => {
  await withTemp(async (dir) => {
    const root = join(dir, 'root');
    const h = createLocalHost({ root });
    assert.equal(await h.readFile('/etc/x.conf'), { _tag: 'Right', right: undefined });
    assert.equal(await h.writeFile('/etc/rexray/config.yml', ['a: ', pw, '\n'], { mode: 0o600 }), {
      _tag: 'Right',
      right: undefined,
    });
    assert.is(await readFile(join(root, 'etc/rexray/config.yml'), 'utf8'), `a: ${SECRET_VALUE}\n`);
    assert.is((await stat(join(root, 'etc/rexray/config.yml'))).mode & 0o777, 0o600);
    const st = await h.stat('/etc/rexray/config.yml');
    assert.is(st._tag === 'Right' ? st.right?.mode : -1, 0o600);
    assert.equal(await h.list('/etc/rexray'), { _tag: 'Right', right: ['config.yml'] });
    assert.equal(await h.list('/nope'), { _tag: 'Right', right: [] });
    assert.equal(await h.exists('/etc/rexray/config.yml'), { _tag: 'Right', right: true });
    await h.remove('/etc/rexray/config.yml');
    assert.equal(await h.exists('/etc/rexray/config.yml'), { _tag: 'Right', right: false });
    // `..` cannot climb out of the root: this is <root>/etc/passwd, which does not exist.
    assert.equal(await h.readFile('/../../etc/passwd'), { _tag: 'Right', right: undefined });
    const rel = await h.writeFile('etc/x', 'y');
    assert.is(rel._tag, 'Left');
  });
});

test('run: argv, env and stdin reach the process; secrets are redacted from the result and the log', async () => {
  await withTemp(async (dir) => {
    const events: HostEvent[] = [];
    const h = createLocalHost({ root: dir, logger: (e) => events.push(e), path: '/usr/bin:/bin' });
    const r = await h.run({
      argv: ['sh', '-c', 'echo "arg=$1 env=$TOKEN"; cat; echo err >&2; exit 3', 'sh', pw],
      env: { TOKEN: pw },
      stdin: ['in=', pw, '\n'],
    });
    assert.is(r._tag, 'Right');
    if (r._tag !== 'Right') return;
    assert.is(r.right.exitCode, 3);
    assert.is(r.right.stdout, 'arg=*** env=***\nin=***\n');
    assert.is(r.right.stderr, 'err\n');
    assert.is(
      r.right.commandLine,
      `TOKEN=<secret:adminPassword> sh -c 'echo "arg=$1 env=$TOKEN"; cat; echo err >&2; exit 3' sh <secret:adminPassword>`,
    );
    assert.not.ok(JSON.stringify(events).includes(SECRET_VALUE));
    assert.is(events[0]?.kind, 'command');
  });
});

test('run: a missing program is CommandNotFound; a hung one is killed at its timeout', async () => {
  await withTemp(async (dir) => {
    const h = createLocalHost({ root: dir, path: '/usr/bin:/bin' });
    const nf = await h.run({ argv: ['no-such-tool-xyz'] });
    assert.is(nf._tag === 'Left' ? nf.left._tag : 'ok', 'CommandNotFound');
    const to = await h.run({ argv: ['sleep', '30'], timeoutMs: 300 });
    assert.is(to._tag === 'Left' ? to.left._tag : 'ok', 'CommandTimedOut');
    if (to._tag === 'Left') assert.match(to.left.message, /`sleep 30` timed out after 300 ms/);
  });
});

const serve = async (
  handler: (path: string, n: number) => { status: number; body: string },
): Promise<{ server: Server; base: string }> => {
  let n = 0;
  const server = createServer((req, res) => {
    const r = handler(req.url ?? '/', ++n);
    res.writeHead(r.status);
    res.end(r.body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
};

test('download: retries with the injected sleep, checks sha256, writes atomically; 404 and mismatch are errors', async () => {
  const body = 'package-bytes';
  const sum = createHash('sha256').update(body).digest('hex');
  const { server, base } = await serve((path, n) =>
    path === '/flaky.deb' && n === 1
      ? { status: 503, body: 'busy' }
      : path === '/flaky.deb' || path === '/ok.deb'
        ? { status: 200, body }
        : { status: 404, body: 'no' },
  );
  try {
    await withTemp(async (dir) => {
      const sleeps: number[] = [];
      const h = createLocalHost({
        root: dir,
        sleep: async (ms) => void sleeps.push(ms),
        retryDelayMs: 50,
      });
      const ok = await h.download({
        url: `${base}/flaky.deb`,
        dest: '/var/cache/f.deb',
        sha256: sum,
      });
      assert.equal(ok, {
        _tag: 'Right',
        right: { path: '/var/cache/f.deb', bytes: body.length, sha256: sum, attempts: 2 },
      });
      assert.equal(sleeps, [50]);
      assert.is(await readFile(join(dir, 'var/cache/f.deb'), 'utf8'), body);
      const nf = await h.download({ url: `${base}/missing.deb`, dest: '/var/cache/m.deb' });
      assert.is(nf._tag === 'Left' ? nf.left._tag : 'ok', 'DownloadFailed');
      if (nf._tag === 'Left')
        assert.match(nf.left.message, /missing\.deb failed after 3 attempt\(s\): HTTP 404/);
      const bad = await h.download({
        url: `${base}/ok.deb`,
        dest: '/var/cache/b.deb',
        sha256: '0'.repeat(64),
        attempts: 1,
      });
      assert.is(bad._tag === 'Left' ? bad.left._tag : 'ok', 'ChecksumMismatch');
      if (bad._tag === 'Left')
        assert.match(
          bad.left.message,
          new RegExp(`sha256 ${sum} does not match the expected 0{64}`),
        );
      assert.equal(await h.exists('/var/cache/b.deb'), { _tag: 'Right', right: false });
    });
  } finally {
    server.close();
  }
});

test('service control, package queries and block devices go through the tools on PATH', async () => {
  await withTemp(async (dir) => {
    const log = join(dir, 'calls.log');
    const path = await fakeBin(dir, {
      systemctl: `echo "systemctl $*" >> ${log}; case "$1" in is-active) [ "$2" = sds ] && { echo active; exit 0; }; echo inactive; exit 3;; esac; exit 0`,
      dpkg: `echo "dpkg $*" >> ${log}; [ "$2" = emc-scaleio-sds ] && { printf 'Package: emc-scaleio-sds\\nStatus: install ok installed\\nVersion: 2.0-10000.2072\\n'; exit 0; }; echo "dpkg-query: package '$2' is not installed" >&2; exit 1`,
      lsblk: `echo 'NAME="xvdf" TYPE="disk" SIZE="1000" MOUNTPOINT="" FSTYPE="" RO="0"'`,
      blkid: 'exit 2',
    });
    const h = createLocalHost({ root: dir, path });
    assert.equal(await h.service('systemd', 'status', 'sds'), { _tag: 'Right', right: true });
    assert.equal(await h.service('systemd', 'status', 'mdm'), { _tag: 'Right', right: false });
    assert.equal(await h.service('systemd', 'restart', 'mdm'), { _tag: 'Right', right: true });
    assert.equal(await h.packageVersion('dpkg', 'emc-scaleio-sds'), {
      _tag: 'Right',
      right: '2.0-10000.2072',
    });
    assert.equal(await h.packageVersion('dpkg', 'emc-scaleio-mdm'), {
      _tag: 'Right',
      right: undefined,
    });
    const inv = await inventoryDisks(h);
    assert.equal(inv._tag === 'Right' ? inv.right.offered : inv.left, [
      { path: '/dev/xvdf', sizeBytes: 1000 },
    ]);
    assert.is(
      await readFile(log, 'utf8'),
      'systemctl is-active sds\nsystemctl is-active mdm\nsystemctl restart mdm\ndpkg -s emc-scaleio-sds\ndpkg -s emc-scaleio-mdm\n',
    );
  });
});

test('a plan on the real host: the secret reaches the tool but no log, result or step error shows it', async () => {
  await withTemp(async (dir) => {
    const root = join(dir, 'root');
    const seen = join(dir, 'seen');
    const state = join(dir, 'tries');
    const path = await fakeBin(dir, {
      // Fails on its first run, echoing the password it got (as a careless tool might).
      installer: `echo "$GATEWAY_ADMIN_PASSWORD" > ${seen}; if [ ! -e ${state} ]; then touch ${state}; echo "bad password $GATEWAY_ADMIN_PASSWORD" >&2; exit 1; fi; echo "installed with $1"`,
    });
    const events: HostEvent[] = [];
    const h = createLocalHost({ root, path, logger: (e) => events.push(e) });
    const plan: Plan = {
      id: 'p',
      title: 'secret test',
      secrets: [pw],
      components: [
        {
          name: 'gateway',
          steps: [
            {
              id: 'gw.install',
              description: 'install',
              check: async (host) => {
                const e = await host.exists('/etc/done');
                return e._tag === 'Left'
                  ? e
                  : {
                      _tag: 'Right',
                      right: e.right
                        ? { _tag: 'done', detail: 'ok' }
                        : { _tag: 'pending', detail: 'not yet' },
                    };
              },
              actions: [
                { kind: 'run', argv: ['installer', pw], env: { GATEWAY_ADMIN_PASSWORD: pw } },
                { kind: 'write', path: '/etc/done', content: ['pw=', pw], mode: 0o600 },
              ],
            },
          ],
        },
      ],
    };
    const r1 = await runPlan(plan, h);
    assert.not.ok(r1.ok);
    assert.match(
      r1.error?.message ?? '',
      /`GATEWAY_ADMIN_PASSWORD=<secret:adminPassword> installer <secret:adminPassword>` exited with 1: bad password \*\*\*/,
    );
    const r2 = await runPlan(plan, h);
    assert.ok(r2.ok, r2.error?.message);
    assert.is((await readFile(seen, 'utf8')).trim(), SECRET_VALUE);
    assert.is(await readFile(join(root, 'etc/done'), 'utf8'), `pw=${SECRET_VALUE}`);
    const everything = JSON.stringify([events, r1, r2]);
    assert.not.ok(everything.includes(SECRET_VALUE), 'secret leaked');
    assert.ok(events.some((e) => e.kind === 'command' && e.output.includes('installed with ***')));
  });
});

test.run();
