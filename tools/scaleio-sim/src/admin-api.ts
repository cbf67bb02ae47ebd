/**
 * The in-process admin functions; the `/sim/` routes call exactly these.
 */
import type * as E from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';
import type { SimError } from './errors.js';
import { adminError } from './errors.js';
import { pendingFaults, type Faults, type FaultsInput } from './http/faults.js';
import type { TokenStore } from './http/auth.js';
import {
  addStandbyMdm,
  createMdmCluster,
  renameSystem,
  switchClusterMode,
  type AddStandbyInput,
  type CreateMdmInput,
  type SwitchModeInput,
} from './model/mdm.js';
import { removeStandbyMdm, replaceClusterMdm, type ReplaceMdmInput } from './model/membership.js';
import { registerSdc, upsertNode, type NodeInput, type SdcInput } from './model/nodes.js';
import {
  reportComponent,
  sample,
  switchOwnership,
  type ComponentFacts,
  type ComponentInput,
} from './model/components.js';
import type { MdmCluster, MdmNode, Model, NodeFacts, Sdc } from './model/types.js';
import { addWrites, settleWrites, type WritesInput } from './model/writes.js';
import { renderState, type SimState } from './render/state.js';

/** The admin functions of one simulator. */
export interface AdminApi {
  /** The whole model as JSON. */
  state(): SimState;
  /** Creates the MDM cluster (409 if a different one exists). */
  createMdm(i: CreateMdmInput): E.Either<SimError, MdmCluster>;
  /** Adds a standby MDM. */
  addStandbyMdm(i: AddStandbyInput): E.Either<SimError, MdmNode>;
  /** Switches the cluster to 3- or 5-node mode. */
  switchMode(i: SwitchModeInput): E.Either<SimError, MdmCluster>;
  /** Swaps standbys in for cluster members (`scli --replace_cluster_mdm`), keeping the mode. */
  replaceMdm(i: ReplaceMdmInput): E.Either<SimError, MdmCluster>;
  /** Removes a standby MDM (`scli --remove_standby_mdm`), never a member. */
  removeStandbyMdm(i: {
    ip?: string | undefined;
    id?: string | undefined;
  }): E.Either<SimError, { removed: string }>;
  /** Renames the system. */
  renameSystem(i: { name: string }): E.Either<SimError, { name: string }>;
  /** Creates or updates a host's facts (SDS service, devices). */
  upsertNode(i: NodeInput): E.Either<SimError, NodeFacts>;
  /** Registers an SDC (idempotent by GUID). */
  registerSdc(i: SdcInput): E.Either<SimError, Sdc>;
  /** Records a host's component version and/or service state (a stopped master fails over). */
  reportComponent(i: ComponentInput): E.Either<SimError, ComponentFacts>;
  /** Moves MDM ownership to a running secondary (`scli --switch_mdm_ownership`). */
  switchOwnership(i: { newMasterIp: string }): E.Either<SimError, { masterIp: string }>;
  /** Writes data into a pool now and/or at a rate. */
  addWrites(i: WritesInput): E.Either<SimError, { writtenKb: number }>;
  /** Sets fault injection (`errors500` with `count` or `forMs`; `count: 0` clears it). */
  setFaults(
    i: FaultsInput,
  ): E.Either<SimError, { latencyMs: number; pending500s: number; outageUntilMs: number }>;
  /** Simulates a gateway restart: every token becomes invalid. */
  restartGateway(): { restarted: true };
}

/** Builds the admin functions over one model, token store and fault settings. */
export const createAdminApi = (m: Model, tokens: TokenStore, faults: Faults): AdminApi => ({
  state: () => {
    settleWrites(m);
    return renderState(m, tokens.liveCount());
  },
  createMdm: (i) => createMdmCluster(m, i),
  addStandbyMdm: (i) => addStandbyMdm(m, i),
  switchMode: (i) => switchClusterMode(m, i),
  renameSystem: (i) => renameSystem(m, i),
  replaceMdm: (i) => replaceClusterMdm(m, i),
  removeStandbyMdm: (i) => removeStandbyMdm(m, i),
  upsertNode: (i) => {
    const before = m.nodes.get(i.ip)?.sdsService;
    settleWrites(m); // up to now as it was; then a lost SDS's rebuild starts now (rebuild.ts)
    const r = upsertNode(m, i);
    settleWrites(m);
    // An SDS going down or coming back is a health event (its data degraded or whole again).
    if (r._tag === 'Right' && before !== undefined && r.right.sdsService !== before)
      sample(m, `sds ${r.right.sdsService === 'running' ? 'started' : 'stopped'}`, i.ip);
    return r;
  },
  registerSdc: (i) => registerSdc(m, i),
  reportComponent: (i) => reportComponent(m, i),
  switchOwnership: (i) => switchOwnership(m, i),
  addWrites: (i) => addWrites(m, i),
  setFaults: (i) => {
    if (i.errors500 !== undefined) {
      let pattern: RegExp;
      try {
        pattern = new RegExp(i.errors500.pathRegex);
      } catch (_e) {
        return left(adminError(400, 'errors500.pathRegex is not a valid regular expression'));
      }
      const { count, forMs } = i.errors500;
      if ((count === undefined) === (forMs === undefined))
        return left(adminError(400, 'errors500 takes exactly one of count and forMs'));
      faults.errors500 = faults.errors500.filter((e) => e.pattern.source !== pattern.source);
      if ((count ?? 0) > 0 || (forMs ?? 0) > 0)
        faults.errors500.push({
          pattern,
          remaining: Math.floor(count ?? 0),
          untilMs: forMs === undefined ? 0 : m.clock() + forMs,
        });
    }
    if (i.latencyMs !== undefined) faults.latencyMs = i.latencyMs;
    if (i.invalidateTokens === true) tokens.invalidateAll();
    return right({ latencyMs: faults.latencyMs, ...pendingFaults(faults, m.clock()) });
  },
  restartGateway: () => {
    tokens.invalidateAll();
    return { restarted: true };
  },
});
