// Modelled tool durations (facts/durations.ts): every row cites its basis, calls are classified
// as the real tools would take, and node-sim waits the duration times its time scale before the
// tool acts, recording what it waited.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  DEFAULT_TIME_SCALE,
  TOOL_DURATIONS,
  startNodeSim,
  toolDuration,
  type NodeConfig,
} from '../src/index.js';
import { fetchInto, ok, run, ubuntuDeb } from './helpers.js';

test('every modelled duration is positive and says where it comes from', () => {
  for (const [k, f] of Object.entries(TOOL_DURATIONS)) {
    assert.ok(f.ms > 0, k);
    assert.ok(f.basis.length > 20, `${k} has a basis`);
  }
  assert.ok(DEFAULT_TIME_SCALE > 0 && DEFAULT_TIME_SCALE <= 0.01);
});

test('calls are classified as the real tools take', () => {
  const c = { root: '/nonexistent', os: 'ubuntu-20.04' } as unknown as NodeConfig;
  const d = (tool: string, ...args: string[]) => toolDuration(c, tool, args).ms;
  assert.is(d('apt-get', '-y', 'install', 'libaio1'), TOOL_DURATIONS.repoInstall.ms);
  assert.is(d('apt-get', 'update'), TOOL_DURATIONS.repoQuery.ms);
  assert.is(d('dpkg', '-s', 'emc-scaleio-sds'), TOOL_DURATIONS.packageQuery.ms);
  assert.is(d('dpkg', '-i', '/tmp/missing.deb'), TOOL_DURATIONS.packageFile.ms);
  assert.is(d('systemctl', 'restart', 'mesos-slave'), TOOL_DURATIONS.mesosAgentRestart.ms);
  assert.is(d('service', 'mesos-slave', 'restart'), TOOL_DURATIONS.mesosAgentRestart.ms);
  assert.is(d('initctl', 'start', 'mesos-slave'), TOOL_DURATIONS.mesosAgentRestart.ms);
  assert.is(d('initctl', 'stop', 'mesos-slave'), TOOL_DURATIONS.serviceStart.ms);
  assert.is(d('systemctl', 'start', 'sds'), TOOL_DURATIONS.serviceStart.ms);
  assert.is(d('systemctl', 'is-active', 'sds'), TOOL_DURATIONS.serviceQuery.ms);
  assert.is(d('systemctl', 'enable', 'sds'), TOOL_DURATIONS.serviceEnable.ms);
  assert.is(d('scli', '--query_cluster'), TOOL_DURATIONS.scliQuery.ms);
  assert.is(
    d('scli', '--add_standby_mdm', '--new_mdm_ip', '10.0.0.2'),
    TOOL_DURATIONS.scliChange.ms,
  );
  assert.is(d('lsblk', '-J'), TOOL_DURATIONS.small.ms);
});

test('a call waits its modelled duration times the time scale, then acts, and records it', async () => {
  const sim = ok(await startNodeSim({ nodes: [{ id: 'u', os: 'ubuntu-20.04' }], timeScale: 0.05 }));
  try {
    await fetchInto(sim, 'u', ubuntuDeb('sdc'), '/tmp/sdc.deb');
    const t0 = Date.now();
    const r = await run(sim, 'u', ['dpkg', '-i', '/tmp/sdc.deb']);
    const took = Date.now() - t0;
    assert.is(r.code, 0, r.stderr);
    const want = TOOL_DURATIONS.sdcPackage.ms * 0.05;
    assert.ok(took >= want, `took ${took} ms, modelled ${want} ms`);
    const calls = ok(ok(sim.node('u')).calls());
    const call = calls.find((x) => x.tool === 'dpkg' && x.argv.includes('-i'));
    assert.is(call?.modelledMs, want);
    assert.ok((call?.durationMs ?? 0) >= want);
  } finally {
    await sim.stop();
  }
});

test('time scale 0 waits nothing; a negative one is refused', async () => {
  const sim = ok(await startNodeSim({ nodes: [{ id: 'u', os: 'ubuntu-20.04' }], timeScale: 0 }));
  try {
    assert.is((await run(sim, 'u', ['systemctl', 'restart', 'mesos-slave'])).code, 0);
    const call = ok(ok(sim.node('u')).calls()).find((x) => x.tool === 'systemctl');
    assert.is(call?.modelledMs, undefined);
  } finally {
    await sim.stop();
  }
  const bad = await startNodeSim({ nodes: [{ id: 'u', os: 'ubuntu-20.04' }], timeScale: -1 });
  assert.ok(bad._tag === 'Left' && /timeScale/.test(bad.left.message));
});

test.run();
