// coreutils on every node: `sha256sum` digests the bytes the node really holds (what the
// repository served, tampered or not), `install` copies with a mode; and the repository publishes
// the true digests as SHA256SUMS whatever a fault serves.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fetchInto, ok, run, ubuntuDeb, withSim } from './helpers.js';

const CACHE = '/var/cache/scaleio-framework';

test('sha256sum: the digest of the file on the node, coreutils output; a missing file exits 1', () =>
  withSim(async (sim) => {
    const file = ubuntuDeb('sds');
    const published = sim.repo.files().find((f) => f.file === file)?.sha256 ?? '';
    await fetchInto(sim, 'u1', file, `${CACHE}/${file}`);
    const good = await run(sim, 'u1', ['sha256sum', `${CACHE}/${file}`]);
    assert.equal([good.code, good.stdout], [0, `${published}  ${CACHE}/${file}\n`]);
    const bin = await run(sim, 'r1', ['sha256sum', '-b', '/etc/hostname']);
    const hostname = createHash('sha256').update('r1\n').digest('hex');
    assert.is(bin.stdout, `${hostname} */etc/hostname\n`);

    ok(sim.repo.corrupt(file, 1));
    await fetchInto(sim, 'u1', file, `${CACHE}/bad.deb`);
    const bad = await run(sim, 'u1', ['sha256sum', `${CACHE}/bad.deb`]);
    assert.is(bad.code, 0);
    assert.ok(!bad.stdout.startsWith(published), 'a tampered download shows its own digest');

    const missing = await run(sim, 'u1', ['sha256sum', '/nope']);
    assert.equal(
      [missing.code, missing.stdout, missing.stderr],
      [1, '', 'sha256sum: /nope: No such file or directory\n'],
    );
  }));

test('install -m: copies with the mode into a directory a real node has; a missing source exits 1', () =>
  withSim(async (sim) => {
    const lib = 'libmesos_dvdi_isolator-1.0.1.so';
    await fetchInto(sim, 'r1', lib, `${CACHE}/${lib}`);
    const r = await run(sim, 'r1', ['install', '-m', '0755', `${CACHE}/${lib}`, `/usr/lib/${lib}`]);
    assert.is(r.code, 0, r.stderr);
    const root = ok(sim.hostFor('r1')).root;
    assert.is(statSync(join(root, 'usr/lib', lib)).mode & 0o777, 0o755);
    assert.is(
      ok(sim.node('r1')).readFile(`/usr/lib/${lib}`),
      ok(sim.node('r1')).readFile(`${CACHE}/${lib}`),
    );
    const gone = await run(sim, 'r1', ['install', '-m', '0755', '/nope', '/usr/lib/x.so']);
    assert.equal(
      [gone.code, gone.stderr],
      [1, "install: cannot stat '/nope': No such file or directory\n"],
    );
  }));

test('the repository publishes every true digest as SHA256SUMS, also while a file is served tampered', () =>
  withSim(async (sim) => {
    const file = ubuntuDeb('mdm');
    ok(sim.repo.corrupt(file, 'always'));
    const res = await fetch(`${sim.repoUrl}/SHA256SUMS`);
    assert.is(res.status, 200);
    const lines = (await res.text()).trim().split('\n');
    const files = sim.repo.files();
    assert.is(lines.length, files.length);
    for (const f of files) assert.ok(lines.includes(`${f.sha256}  ${f.file}`), f.file);
    const served = Buffer.from(await (await fetch(sim.repo.urlOf(file))).arrayBuffer());
    const digest = createHash('sha256').update(served).digest('hex');
    assert.is.not(digest, files.find((f) => f.file === file)?.sha256);
  }));

test.run();
