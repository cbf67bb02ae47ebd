/**
 * The wire contract of an upgrade task in `TaskInfo.data`: a deploy step's spec with the target
 * version, marked `kind: 'upgrade'` (and, for the ownership switch, the new master). The executor
 * runs {@link upgradeInstallSpecs} of it: the component's package step with the new version — its
 * check compares the installed version, its apply downloads, verifies the sha256 and runs
 * `rpm -Uvh` / `dpkg -i`, whose scripts restart the service — or the switch with `scli`.
 */
import * as t from 'io-ts';
import type { InstallSpec } from '@scaleio-framework/installers';
import { installSpecsFor } from '../install-specs.js';
import type { DeployStep } from '../plan.js';
import { deployStepSpec } from '../scheduler/step-specs.js';
import type { SchedulerSettings } from '../scheduler/settings.js';
import type { DeployState } from '../state.js';
import { DeployStepSpec } from '../task-data.js';
import type { UpgradeComponent, UpgradeStepDef } from './plan.js';

/** An upgrade task's spec. */
export const UpgradeTaskSpec = t.intersection([
  DeployStepSpec,
  t.type({ kind: t.literal('upgrade'), upgradeStep: t.string }),
  t.partial({ newMasterIp: t.string }),
]);
/** An upgrade task's spec. */
export type UpgradeTaskSpec = t.TypeOf<typeof UpgradeTaskSpec>;

/** The installer specs of an upgrade task (pure). */
export const upgradeInstallSpecs = (s: UpgradeTaskSpec): InstallSpec[] =>
  s.newMasterIp === undefined
    ? installSpecsFor(s)
    : [{ component: 'mdm-ownership', role: 'primary', params: { newMasterIp: s.newMasterIp } }];

/** The deploy step whose installers replace each component's package. */
const DEPLOY_STEP: Readonly<Record<UpgradeComponent, DeployStep>> = {
  gateway: 'gateway',
  lia: 'lia',
  mdm: 'mdm-package',
  sds: 'sds',
  sdc: 'sdc',
};

/**
 * The spec of an upgrade step's task (pure): its node's deploy-step spec at the configured (new)
 * versions, with the package digests; undefined when its node is not in the deploy state.
 */
export const upgradeTaskSpec = (
  s: DeployState,
  settings: SchedulerSettings,
  step: UpgradeStepDef,
): UpgradeTaskSpec | undefined => {
  const n = s.nodes[step.agentId];
  if (n === undefined) return undefined;
  const deployStep: DeployStep =
    step.kind === 'switch-ownership' ? 'mdm-cluster' : DEPLOY_STEP[step.component];
  return {
    ...deployStepSpec(s, settings, n, deployStep),
    kind: 'upgrade',
    upgradeStep: step.id,
    ...(step.newMasterIp === undefined ? {} : { newMasterIp: step.newMasterIp }),
  };
};
