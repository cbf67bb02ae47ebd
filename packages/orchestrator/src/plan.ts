import * as t from 'io-ts';
import type { DeployMode } from './spec.js';
import { isMdm, isStorage, type Role } from './roles.js';

/** Every step of the deploy plan (DESIGN §3), in plan order. */
export const DeployStep = t.keyof({
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
export type DeployStep = t.TypeOf<typeof DeployStep>;

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
export interface DeployStepDef {
  readonly id: DeployStep;
  readonly phase: string;
  readonly description: string;
  readonly kind: StepKind;
  /** Earlier steps on the same node that must be done (when they apply to the node). */
  readonly after: readonly DeployStep[];
  readonly barriers: readonly Barrier[];
  /**
   * Whether the step's installers use the ScaleIO admin password (MDM cluster, LIA token, gateway,
   * REX-Ray): only then does its `TaskInfo.data` carry it.
   */
  readonly secret: boolean;
  /** Whether the step applies to a node of this role in this mode. */
  readonly appliesTo: (role: Role, mode: DeployMode) => boolean;
}

const always = () => true;
const mdmFull = (r: Role, m: DeployMode) => m === 'full' && isMdm(r);

/** The deploy plan. */
export const deployPlan: readonly DeployStepDef[] = [
  {
    id: 'prereqs',
    phase: 'prerequisites',
    description: 'OS prerequisites',
    kind: 'task',
    after: [],
    barriers: [],
    secret: false,
    appliesTo: always,
  },
  {
    id: 'mdm-package',
    phase: 'mdm-packages',
    description: 'MDM package (manager or tiebreaker)',
    kind: 'task',
    after: ['prereqs'],
    barriers: [],
    secret: false,
    appliesTo: mdmFull,
  },
  {
    id: 'mdm-cluster',
    phase: 'mdm-cluster',
    description: 'create the MDM cluster, add standbys, switch cluster mode, rename',
    kind: 'task',
    after: ['mdm-package'],
    barriers: ['mdm-packages'],
    secret: true,
    appliesTo: (r, m) => m === 'full' && r === 'primary',
  },
  {
    id: 'lia',
    phase: 'lia-gateway',
    description: 'LIA',
    kind: 'task',
    after: ['mdm-package'],
    barriers: ['mdm-cluster'],
    secret: true,
    appliesTo: mdmFull,
  },
  {
    id: 'gateway',
    phase: 'lia-gateway',
    description: 'gateway and its properties',
    kind: 'task',
    after: ['lia'],
    barriers: ['mdm-cluster'],
    secret: true,
    appliesTo: mdmFull,
  },
  {
    id: 'sds',
    phase: 'sds',
    description: 'SDS package; reports the free block devices',
    kind: 'task',
    after: ['prereqs'],
    barriers: [],
    secret: false,
    appliesTo: (r) => isStorage(r),
  },
  {
    id: 'storage-objects',
    phase: 'storage-objects',
    description: 'protection domain, fault set, storage pool, SDS and devices through the gateway',
    kind: 'gateway',
    after: ['sds'],
    barriers: ['gateway'],
    secret: false,
    appliesTo: (r) => isStorage(r),
  },
  {
    id: 'sdc',
    phase: 'sdc',
    description: 'SDC with the MDM addresses',
    kind: 'task',
    after: ['prereqs'],
    barriers: ['mdm-cluster'],
    secret: false,
    appliesTo: always,
  },
  {
    id: 'rexray',
    phase: 'volume-wiring',
    description: 'REX-Ray configured for this system',
    kind: 'task',
    after: ['sdc'],
    barriers: ['gateway'],
    secret: true,
    appliesTo: always,
  },
  {
    id: 'dvdcli',
    phase: 'volume-wiring',
    description: 'dvdcli',
    kind: 'task',
    after: ['rexray'],
    barriers: [],
    secret: false,
    appliesTo: always,
  },
  {
    id: 'dvdi',
    phase: 'volume-wiring',
    description: 'mesos-module-dvdi and agent isolation flags',
    kind: 'task',
    after: ['dvdcli'],
    barriers: [],
    secret: false,
    appliesTo: always,
  },
  {
    id: 'agent-restart',
    phase: 'agent-restart',
    description: 'restart the Mesos agent, one node per fault domain at a time',
    kind: 'task',
    after: ['dvdi', 'storage-objects'],
    barriers: ['serial'],
    secret: false,
    appliesTo: always,
  },
];

/** Step definitions by id. */
export const stepDef = (id: DeployStep): DeployStepDef => {
  const d = deployPlan.find((s) => s.id === id);
  if (!d) throw new Error(`unknown step ${id}`); // unreachable: DeployStep is closed
  return d;
};

/** The steps that apply to a node, in plan order. */
export const stepsFor = (role: Role, mode: DeployMode): DeployStep[] =>
  deployPlan.filter((s) => s.appliesTo(role, mode)).map((s) => s.id);
