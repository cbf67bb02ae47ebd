// The package digests and the repository's CA reach exactly the steps that download packages, and
// every package source those steps build carries them (the node checks each file before install).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildPlan, classifyOs, parseOsRelease, secret } from '@scaleio-framework/installers';
import {
  DeployStep,
  deployStepSpec,
  emptyDeployState,
  installSpecsFor,
  observeAgents,
  type SchedulerSettings,
} from '../src/index.js';
import { agent, testSettings } from './fixtures.js';

const SUMS = { 'rexray_0.11.4-1_amd64.deb': 'a'.repeat(64), 'x.rpm': 'b'.repeat(64) };
const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const settings: SchedulerSettings = {
  ...testSettings,
  steps: { ...testSettings.steps, packageSha256: SUMS, packageRepoCa: CA },
};
const DOWNLOADING = ['mdm-package', 'lia', 'gateway', 'sds', 'sdc', 'rexray', 'dvdcli', 'dvdi'];

const agents = ['a1', 'a2', 'a3'].map((id, i) => agent(id, { rack: `r${i + 1}` }));
const state = observeAgents(emptyDeployState(), agents, settings.spec);
const node = Object.values(state.nodes)[0];

test('the digests and the CA travel with the steps that download packages, and only those', () => {
  if (node === undefined) throw new Error('no node');
  for (const step of Object.keys(DeployStep.keys) as DeployStep[]) {
    const spec = deployStepSpec(state, settings, node, step);
    const downloads = DOWNLOADING.includes(step);
    assert.equal(spec.packageSha256, downloads ? SUMS : undefined, step);
    assert.is(spec.packageRepoCa, downloads ? CA : undefined, step);
  }
  const plain = deployStepSpec(state, testSettings, node, 'sds');
  assert.not.ok('packageSha256' in plain || 'packageRepoCa' in plain, 'none configured: none sent');
});

test('every package source of those steps carries them, and the node plan verifies each file', () => {
  if (node === undefined) throw new Error('no node');
  const os = classifyOs(
    parseOsRelease('ID=ubuntu\nVERSION_ID="20.04"\nPRETTY_NAME="Ubuntu 20.04.6 LTS"\n'),
  );
  if (os._tag !== 'supported') throw new Error(os.reason);
  for (const step of DOWNLOADING as DeployStep[]) {
    const specs = installSpecsFor(deployStepSpec(state, settings, node, step));
    const sources = specs.flatMap((s) =>
      'package' in s.params ? [s.params.package] : 'library' in s.params ? [s.params.library] : [],
    );
    assert.ok(sources.length > 0, `${step} installs a package`);
    for (const src of sources) {
      assert.equal(src.sha256s, SUMS, step);
      assert.is(src.ca, CA, step);
    }
  }
  // REX-Ray's .deb is listed: its plan downloads it with the CA and verifies it before dpkg.
  const rexray = installSpecsFor(deployStepSpec(state, settings, node, 'rexray'));
  const plan = buildPlan(rexray, os, { adminPassword: secret('adminPassword', 'pw') });
  if (plan._tag === 'Left') throw new Error(plan.left.message);
  const actions =
    plan.right.components.flatMap((c) => c.steps).find((s) => s.id === 'rexray.package')?.actions ??
    [];
  assert.equal(
    actions.map((a) => a.kind),
    ['download', 'verify', 'run'],
  );
  const verify = actions[1];
  assert.is(verify?.kind === 'verify' ? verify.sha256 : '', 'a'.repeat(64));
  const download = actions[0];
  assert.is(download?.kind === 'download' ? download.ca : '', CA);
});

test.run();
