import { planForNode } from '@scaleio-framework/installers';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ok } from './helpers.js';
import { VERSION, scaleioPackage, startWorld, why } from './acceptance-setup.js';

test('injected failures stop the plan with a clear step error; after the fault clears a re-run finishes', async () => {
  const w = await startWorld([
    { id: 'u1', os: 'ubuntu-22.04' },
    { id: 'r1', os: 'rhel-8' },
    { id: 'd1', os: 'debian-12' },
    { id: 'old', os: 'ubuntu-14.04' },
  ]);
  try {
    const pkg = scaleioPackage(w);
    const mdms = [w.ip('u1'), w.ip('r1')];
    const u = ok(w.sim.node('u1'));
    const r = ok(w.sim.node('r1'));

    const ubuntu = async (): Promise<void> => {
      // A command that fails once: dpkg finds its database locked.
      ok(
        u.failCommand({
          tool: 'dpkg',
          argsInclude: ['-i'],
          exitCode: 2,
          stderr: 'dpkg: error: dpkg frontend lock was locked by another process',
        }),
      );
      const first = await w.apply('u1', [{ component: 'sds', params: { package: pkg } }]);
      assert.not.ok(first.ok);
      assert.is(first.error?.stepId, 'sds.package');
      assert.is(first.error?.phase, 'apply');
      assert.match(first.error?.message ?? '', /dpkg -i .*exited with 2.*frontend lock/s);
      assert.is(
        w.sio.state().nodes.find((n) => n.ip === w.ip('u1'))?.sdsService ?? 'absent',
        'absent',
      );
      const second = await w.apply('u1', [{ component: 'sds', params: { package: pkg } }]);
      assert.ok(second.ok, why(second));
      assert.is(w.sio.state().nodes.find((n) => n.ip === w.ip('u1'))?.sdsService, 'running');

      // A download that 404s (every attempt), then the file is back.
      const sdcFile = `EMC-ScaleIO-sdc-${VERSION}.Ubuntu.22.04.x86_64.deb`;
      ok(w.sim.repo.failNotFound(sdcFile, 'always'));
      const sdc1 = await w.apply('u1', [
        { component: 'sdc', params: { package: pkg, mdmAddresses: mdms } },
      ]);
      assert.not.ok(sdc1.ok);
      assert.is(sdc1.error?.stepId, 'sdc.package');
      assert.is(sdc1.error?.cause?._tag, 'DownloadFailed');
      assert.match(
        sdc1.error?.message ?? '',
        new RegExp(`${sdcFile.replace(/\./g, '\\.')} failed after 2 attempt\\(s\\): HTTP 404`),
      );
      w.sim.repo.clearFaults();
      const sdc2 = await w.apply('u1', [
        { component: 'sdc', params: { package: pkg, mdmAddresses: mdms } },
      ]);
      assert.ok(sdc2.ok, why(sdc2));
      assert.ok(
        w.sio.state().sdcs.some((s) => s.ip === w.ip('u1')),
        'the SDC registered',
      );
    };

    const rhel = async (): Promise<void> => {
      // A checksum mismatch: the repository serves corrupted bytes for the isolator library.
      const lib = 'libmesos_dvdi_isolator-1.0.1.so';
      const sha256 = w.sim.repo.files().find((f) => f.file === lib)?.sha256 ?? '';
      const spec = {
        component: 'mesos-module-dvdi' as const,
        params: {
          library: { baseUrl: w.sim.repoUrl, version: '1.0.1', sha256 },
          agent: { layout: 'mesos-slave-dir' as const },
        },
      };
      ok(w.sim.repo.corrupt(lib, 'always'));
      const bad = await w.apply('r1', [spec]);
      assert.not.ok(bad.ok);
      assert.is(bad.error?.stepId, 'dvdi.library');
      assert.is(bad.error?.cause?._tag, 'ChecksumMismatch');
      assert.match(
        bad.error?.message ?? '',
        new RegExp(`sha256 [0-9a-f]{64} is not the configured ${sha256}; the download was removed`),
      );
      // The node's own sha256sum digested what the repository served: not the published digest.
      const sums = ok(r.calls()).filter((k) => k.tool === 'sha256sum');
      assert.ok(sums.length > 0 && sums.every((k) => !k.stdout.startsWith(sha256)));
      assert.is(r.readFile(`/var/cache/scaleio-framework/${lib}`), undefined, 'download removed');
      assert.is(
        r.readFile('/usr/lib/libmesos_dvdi_isolator-1.0.1.so'),
        undefined,
        'nothing written on a mismatch',
      );
      w.sim.repo.clearFaults();
      const good = await w.apply('r1', [spec]);
      assert.ok(good.ok, why(good));
      assert.match(
        r.readFile('/etc/mesos-slave/isolation') ?? '',
        /com_emccode_mesos_DockerVolumeDriverIsolator/,
      );

      // rpm fails once on RHEL: the plan stops at the MDM package and finishes when re-run.
      ok(
        r.failCommand({
          tool: 'rpm',
          argsInclude: ['-Uvh'],
          stderr:
            "error: can't create transaction lock on /var/lib/rpm/.rpm.lock (Resource temporarily unavailable)",
        }),
      );
      const m1 = await w.apply('r1', [
        { component: 'mdm', role: 'secondary', params: { package: pkg } },
      ]);
      assert.not.ok(m1.ok);
      assert.is(m1.error?.stepId, 'mdm.package');
      assert.match(m1.error?.message ?? '', /transaction lock/);
      const m2 = await w.apply('r1', [
        { component: 'mdm', role: 'secondary', params: { package: pkg } },
      ]);
      assert.ok(m2.ok, why(m2));
      assert.is(ok(r.services())['mdm']?.active, true);
      assert.is(r.readFile('/opt/emc/scaleio/mdm/cfg/conf.txt'), 'actor_role_is_manager=1\n');
    };

    // Ubuntu 14.04 runs its services with upstart: the plan goes through initctl.
    const trusty = async (): Promise<void> => {
      const sds = await w.apply('old', [{ component: 'sds', params: { package: pkg } }]);
      assert.ok(sds.ok, why(sds));
      const calls = ok(ok(w.sim.node('old')).calls());
      assert.ok(
        calls.some(
          (c) => c.argv.join(' ') === 'initctl status sds' && /start\/running/.test(c.stdout),
        ),
      );
      assert.match(
        calls.find((c) => c.tool === 'dpkg' && c.argv.includes('-i'))?.stdout ?? '',
        /sds start\/running, process \d+/,
      );
      assert.is(w.sio.state().nodes.find((n) => n.ip === w.ip('old'))?.sdsService, 'running');
    };

    await Promise.all([ubuntu(), rhel(), trusty()]);

    // An OS the installers do not support is a clear result, not a crash.
    const unsupported = await planForNode(w.host('d1'), [{ component: 'prereqs', params: {} }]);
    assert.is(unsupported._tag, 'Left');
    if (unsupported._tag === 'Left')
      assert.match(unsupported.left.message, /unsupported OS: Debian GNU\/Linux 12 \(bookworm\)/);
  } finally {
    await w.stop();
  }
});

test.run();
