import * as t from 'io-ts';
import { AgentId } from './agents.js';
import type { DeployStep } from './plan.js';
import { Role } from './roles.js';
import { DeployStepStatus } from './transitions.js';

/** One step's progress on one node. */
export const DeployStepState = t.intersection([
  t.type({ status: DeployStepStatus, attempts: t.number }),
  t.partial({
    lastError: t.string,
    notBefore: t.number,
    taskId: t.string,
    updatedAt: t.number,
    /** Tasks launched for this step so far: the next launch gets a task id never used before. */
    launches: t.number,
    /** Since when Mesos reports the step's task unreachable (its agent partitioned). */
    unreachableSince: t.number,
    /** Times in a row the step waited for the gateway (drives that wait's backoff). */
    waits: t.number,
  }),
]);
/** One step's progress on one node. */
export type DeployStepState = t.TypeOf<typeof DeployStepState>;

/** A node of the deployment and its progress. */
export const NodeState = t.intersection([
  t.type({
    agentId: AgentId,
    hostname: t.string,
    ip: t.string,
    role: Role,
    /** Fault set name, or `''` for none. */
    faultSet: t.string,
    /** Free block devices the SDS step reported, to be added to the pool. */
    devices: t.array(t.string),
    steps: t.record(t.string, DeployStepState),
  }),
  t.partial({
    /**
     * The agent's `scaleio-*` attributes (the original framework's storage grammar, see
     * `declaredStorage`), kept so that the gateway step knows them after a restart too.
     */
    attributes: t.record(t.string, t.string),
    /** When Mesos reported the agent gone for good (see `taskOutcome`): its steps are not relaunched. */
    goneAt: t.number,
    /**
     * The certificate this node's gateway serves, as its `gateway` step reported it: the primary's
     * is pinned for every gateway call (see `pinnedGatewayFingerprint`).
     */
    gatewayCertificate: t.type({ sha256: t.string, pem: t.string }),
  }),
]);
/** A node of the deployment and its progress. */
export type NodeState = t.TypeOf<typeof NodeState>;

/** The persisted deploy state: the orchestrator's whole memory. */
export const DeployState = t.type({
  schemaVersion: t.literal(1),
  nodes: t.record(t.string, NodeState),
  /** Fault-set placement, decided once when the initial MDM nodes are known. */
  faultSets: t.union([t.null, t.type({ names: t.array(t.string), warning: t.string })]),
  /** Why the deploy waits, from the last role selection. */
  waiting: t.array(t.string),
});
/** The persisted deploy state. */
export type DeployState = t.TypeOf<typeof DeployState>;

/** A deploy state with no nodes. */
export const emptyDeployState = (): DeployState => ({
  schemaVersion: 1,
  nodes: {},
  faultSets: null,
  waiting: [],
});

/** A node of the state by agent id. */
export const nodeOf = (s: DeployState, id: AgentId): NodeState | undefined => s.nodes[id];

/** A node's state of one step, when the step applies to it. */
export const stepOf = (n: NodeState, id: DeployStep): DeployStepState | undefined => n.steps[id];
