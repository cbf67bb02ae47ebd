import * as t from 'io-ts';
import type { DeployMode } from './spec.js';
import { isMdm, isStorage, type Role } from './roles.js';

/** Every step of the deploy plan (DESIGN §3), in plan order. */
export const StepId = t.keyof({
  prereqs: null,
  'mdm-package': null,
  'mdm-cluster': null,
  lia: null,
  gateway: null,
  sds: null,
  'storage-objects': null,
  sdc: null,
  rexray: null,
  dvdcli: null,
  dvdi: null,
  'agent-restart': null,
});
/** A step of the deploy plan. */
export type StepId = t.TypeOf<typeof StepId>;

/** Where a step runs: as a task on the node's executor, or in the scheduler through the gateway. */
export type StepKind = 'task' | 'gateway';

/**
 * A cluster-wide condition a step waits for, besides its own node's earlier steps:
 * - `mdm-packages`: every MDM node has its MDM package;
 * - `mdm-cluster`: the MDM cluster exists (or the system is an existing one);
 * - `gateway`: the gateway answers (primary's gateway step, or an existing system);
 * - `serial`: no other node is running this same step (rolling agent restarts).
 */
export type Barrier = 'mdm-packages' | 'mdm-cluster' | 'gateway' | 'serial';

/** One step's definition: pure data. */
export interface StepDef {
  readonly id: StepId;
  readonly phase: string;
  readonly description: string;
  readonly kind: StepKind;
  /** Earlier steps on the same node that must be done (when they apply to the node). */
  readonly after: readonly StepId[];
  readonly barriers: readonly Barrier[];
  /** Whether the step applies to a node of this role in this mode. */
  readonly appliesTo: (role: Role, mode: DeployMode) => boolean;
}

const always = () => true;
const mdmFull = (r: Role, m: DeployMode) => m === 'full' && isMdm(r);

/** The deploy plan. */
export const deployPlan: readonly StepDef[] = [
  {
    id: 'prereqs',
    phase: 'prerequisites',
    description: 'OS prerequisites',
    kind: 'task',
    after: [],
    barriers: [],
    appliesTo: always,
  },
  {
    id: 'mdm-package',
    phase: 'mdm-packages',
    description: 'MDM package (manager or tiebreaker)',
    kind: 'task',
    after: ['prereqs'],
    barriers: [],
    appliesTo: mdmFull,
  },
  {
    id: 'mdm-cluster',
    phase: 'mdm-cluster',
    description: 'create the MDM cluster, add standbys, switch cluster mode, rename',
    kind: 'task',
    after: ['mdm-package'],
    barriers: ['mdm-packages'],
    appliesTo: (r, m) => m === 'full' && r === 'primary',
  },
  {
    id: 'lia',
    phase: 'lia-gateway',
    description: 'LIA',
    kind: 'task',
    after: ['mdm-package'],
    barriers: ['mdm-cluster'],
    appliesTo: mdmFull,
  },
  {
    id: 'gateway',
    phase: 'lia-gateway',
    description: 'gateway and its properties',
    kind: 'task',
    after: ['lia'],
    barriers: ['mdm-cluster'],
    appliesTo: mdmFull,
  },
  {
    id: 'sds',
    phase: 'sds',
    description: 'SDS package; reports the free block devices',
    kind: 'task',
    after: ['prereqs'],
    barriers: [],
    appliesTo: (r) => isStorage(r),
  },
  {
    id: 'storage-objects',
    phase: 'storage-objects',
    description: 'protection domain, fault set, storage pool, SDS and devices through the gateway',
    kind: 'gateway',
    after: ['sds'],
    barriers: ['gateway'],
    appliesTo: (r) => isStorage(r),
  },
  {
    id: 'sdc',
    phase: 'sdc',
    description: 'SDC with the MDM addresses',
    kind: 'task',
    after: ['prereqs'],
    barriers: ['mdm-cluster'],
    appliesTo: always,
  },
  {
    id: 'rexray',
    phase: 'volume-wiring',
    description: 'REX-Ray configured for this system',
    kind: 'task',
    after: ['sdc'],
    barriers: ['gateway'],
    appliesTo: always,
  },
  {
    id: 'dvdcli',
    phase: 'volume-wiring',
    description: 'dvdcli',
    kind: 'task',
    after: ['rexray'],
    barriers: [],
    appliesTo: always,
  },
  {
    id: 'dvdi',
    phase: 'volume-wiring',
    description: 'mesos-module-dvdi and agent isolation flags',
    kind: 'task',
    after: ['dvdcli'],
    barriers: [],
    appliesTo: always,
  },
  {
    id: 'agent-restart',
    phase: 'agent-restart',
    description: 'restart the Mesos agent, one node at a time',
    kind: 'task',
    after: ['dvdi', 'storage-objects'],
    barriers: ['serial'],
    appliesTo: always,
  },
];

/** Step definitions by id. */
export const stepDef = (id: StepId): StepDef => {
  const d = deployPlan.find((s) => s.id === id);
  if (!d) throw new Error(`unknown step ${id}`); // unreachable: StepId is closed
  return d;
};

/** The steps that apply to a node, in plan order. */
export const stepsFor = (role: Role, mode: DeployMode): StepId[] =>
  deployPlan.filter((s) => s.appliesTo(role, mode)).map((s) => s.id);
