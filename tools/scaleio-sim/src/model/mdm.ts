/**
 * The MDM cluster model: create, add standby MDMs, switch to 3- or 5-node mode, rename the system.
 */
import * as E from 'fp-ts/lib/Either.js';
import { adminError, type SimError } from '../errors.js';
import { mdmRunning } from './components.js';
import type { MdmCluster, MdmNode, MdmRole, Model } from './types.js';

/** Input of {@link createMdmCluster} (like `scli --create_mdm_cluster`). */
export interface CreateMdmInput {
  primaryMdmIp: string;
  managementIps?: string[] | undefined;
  clusterName?: string | undefined;
}

/** Input of {@link addStandbyMdm} (like `scli --add_standby_mdm`). */
export interface AddStandbyInput {
  ip: string;
  role: MdmRole;
  name?: string | undefined;
}

/** Input of {@link switchClusterMode} (like `scli --switch_cluster_mode`). */
export interface SwitchModeInput {
  mode: '3_node' | '5_node';
  addSecondaryIps?: string[] | undefined;
  addTiebreakerIps?: string[] | undefined;
}

/** A positive signed 64-bit decimal, like the real cluster ids. */
const decimalId = (hex: string): string => (BigInt('0x' + hex) & 0x7fffffffffffffffn).toString(10);

const allMdms = (c: MdmCluster): MdmNode[] => [
  c.master,
  ...c.slaves,
  ...c.tieBreakers,
  ...c.standbys,
];

const noCluster = (): SimError => adminError(409, 'no MDM cluster has been created');

/**
 * Creates the MDM cluster in single-node mode with the given primary.
 * Repeating the same create is a no-op; a different one is a 409.
 */
export const createMdmCluster = (
  m: Model,
  input: CreateMdmInput,
): E.Either<SimError, MdmCluster> => {
  if (m.mdm !== null) {
    return m.mdm.master.ips.includes(input.primaryMdmIp) && m.mdm.mode === 'OneNode'
      ? E.right(m.mdm)
      : E.left(adminError(409, 'the MDM cluster already exists'));
  }
  const master: MdmNode = {
    id: m.ids('Mdm'),
    name: 'Manager1',
    ips: [input.primaryMdmIp],
    managementIps: input.managementIps ?? [input.primaryMdmIp],
    role: 'Manager',
  };
  m.mdm = {
    id: decimalId(m.random(8)),
    mode: 'OneNode',
    master,
    slaves: [],
    tieBreakers: [],
    standbys: [],
  };
  if (input.clusterName !== undefined) m.system.name = input.clusterName;
  return E.right(m.mdm);
};

/** Adds a standby MDM; adding the same IP with the same role again returns the existing one. */
export const addStandbyMdm = (m: Model, input: AddStandbyInput): E.Either<SimError, MdmNode> => {
  const c = m.mdm;
  if (c === null) return E.left(noCluster());
  const existing = allMdms(c).find((n) => n.ips.includes(input.ip));
  if (existing !== undefined) {
    return existing.role === input.role
      ? E.right(existing)
      : E.left(
          adminError(409, `an MDM with IP ${input.ip} already exists with role ${existing.role}`),
        );
  }
  // The MDM connects to the new standby to add it: a host whose MDM is down is refused
  // (`--add_standby_mdm` talks to the new MDM's port 9011; reference scaleio-api.md §6.1).
  if (!mdmRunning(m, { ips: [input.ip] } as MdmNode))
    return E.left(adminError(409, `could not connect to the MDM at ${input.ip}`));
  const count = allMdms(c).filter((n) => n.role === input.role).length;
  const node: MdmNode = {
    id: m.ids('Mdm'),
    name:
      input.name ?? (input.role === 'Manager' ? `Manager${count + 1}` : `Tie-Breaker${count + 1}`),
    ips: [input.ip],
    managementIps: [input.ip],
    role: input.role,
  };
  c.standbys.push(node);
  return E.right(node);
};

const pick = (
  c: MdmCluster,
  role: MdmRole,
  members: MdmNode[],
  want: number,
  ips: string[] | undefined,
): E.Either<SimError, MdmNode[]> => {
  const chosen = [...members];
  const standbys = c.standbys.filter((n) => n.role === role);
  for (const ip of ips ?? []) {
    if (chosen.some((n) => n.ips.includes(ip))) continue;
    const s = standbys.find((n) => n.ips.includes(ip));
    if (s === undefined) return E.left(adminError(400, `no standby ${role} MDM has IP ${ip}`));
    chosen.push(s);
  }
  for (const s of standbys)
    if (chosen.length < want && ips === undefined && !chosen.includes(s)) chosen.push(s);
  return chosen.length === want
    ? E.right(chosen)
    : E.left(
        adminError(
          400,
          `mode needs ${want} ${role === 'Manager' ? 'secondary' : 'tiebreaker'} MDM(s), ${chosen.length} available`,
        ),
      );
};

/** Switches to 3- or 5-node mode, promoting standbys (named by IP, or the first ones available). */
export const switchClusterMode = (
  m: Model,
  input: SwitchModeInput,
): E.Either<SimError, MdmCluster> => {
  const c = m.mdm;
  if (c === null) return E.left(noCluster());
  const want = input.mode === '3_node' ? 1 : 2;
  const slaves = pick(c, 'Manager', c.slaves, want, input.addSecondaryIps);
  if (E.isLeft(slaves)) return slaves;
  const tbs = pick(c, 'TieBreaker', c.tieBreakers, want, input.addTiebreakerIps);
  if (E.isLeft(tbs)) return tbs;
  const promoted = new Set([...slaves.right, ...tbs.right]);
  c.slaves = slaves.right;
  c.tieBreakers = tbs.right;
  c.standbys = c.standbys.filter((n) => !promoted.has(n));
  c.mode = input.mode === '3_node' ? 'ThreeNodes' : 'FiveNodes';
  return E.right(c);
};

/** Renames the system (`scli --rename_system`). */
export const renameSystem = (
  m: Model,
  input: { name: string },
): E.Either<SimError, { name: string }> => {
  if (m.mdm === null) return E.left(noCluster());
  m.system.name = input.name;
  return E.right({ name: input.name });
};

/** The cluster state as the MDM reports it. */
export const clusterState = (c: MdmCluster): string =>
  c.mode === 'OneNode' ? 'NotClustered' : 'ClusteredNormal';
