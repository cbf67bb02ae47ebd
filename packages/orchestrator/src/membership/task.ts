/**
 * The wire contract of a membership task in `TaskInfo.data`: a deploy step's spec marked
 * `kind: 'membership'` with its ledger entry, and either nothing more (install the MDM package of
 * the node's new role: the `mdm-package` step's installers) or the `scli` command the primary
 * runs. The executor runs {@link membershipInstallSpecs} of it.
 */
import * as t from 'io-ts';
import { MembershipParams, type InstallSpec } from '@scaleio-framework/installers';
import { installSpecsFor } from '../install-specs.js';
import { deployStepSpec } from '../scheduler/step-specs.js';
import type { SchedulerSettings } from '../scheduler/settings.js';
import type { DeployState } from '../state.js';
import { DeployStepSpec } from '../task-data.js';
import type { MembershipAction } from './decide.js';

/** A membership task's spec. */
export const MembershipTaskSpec = t.intersection([
  DeployStepSpec,
  t.type({ kind: t.literal('membership'), entryId: t.string }),
  t.partial({ command: MembershipParams }),
]);
/** A membership task's spec. */
export type MembershipTaskSpec = t.TypeOf<typeof MembershipTaskSpec>;

/** The installer specs of a membership task (pure). */
export const membershipInstallSpecs = (s: MembershipTaskSpec): InstallSpec[] =>
  s.command === undefined
    ? installSpecsFor(s)
    : [{ component: 'mdm-membership', role: 'primary', params: s.command }];

/**
 * The task of a membership action (pure): the agent it runs on and its spec; undefined when its
 * node is not in the deploy state. The install runs the `mdm-package` step as the spare's new
 * role would; a command runs on the primary with the `mdm-cluster` step's facts (the password
 * is added by the shell: the task is secret).
 */
export const membershipTask = (
  s: DeployState,
  settings: SchedulerSettings,
  a: MembershipAction,
): { agentId: string; spec: MembershipTaskSpec } | undefined => {
  const agentId = a._tag === 'installMdm' ? a.spare.agentId : a.primary.agentId;
  const n = s.nodes[agentId];
  if (n === undefined) return undefined;
  const base =
    a._tag === 'installMdm'
      ? deployStepSpec(s, settings, { ...n, role: a.role }, 'mdm-package')
      : deployStepSpec(s, settings, n, 'mdm-cluster');
  return {
    agentId,
    spec: {
      ...base,
      kind: 'membership',
      entryId: a.entryId,
      ...(a._tag === 'mdmCommand' ? { command: a.command } : {}),
    },
  };
};

/** The Mesos task name of a membership task. */
export const membershipTaskName = (s: MembershipTaskSpec): string =>
  s.command === undefined
    ? `scaleio membership ${s.entryId}: install ${s.role} MDM on ${s.hostname}`
    : `scaleio membership ${s.entryId}: ${s.command.op} on ${s.hostname}`;
