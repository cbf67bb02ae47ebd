/**
 * The MDM cluster as scaleio-sim holds it (the ground truth), in the terms tests compare with the
 * scheduler's status and the agents' attributes: each member's role and the agent host it is on.
 */
import type { SimCluster } from './cluster.js';

/** One MDM cluster member (or standby) and the host it runs on. */
export interface MdmMember {
  readonly role: 'master' | 'slave' | 'tieBreaker' | 'standby';
  readonly ip: string;
  /** The agent hostname of that IP (from the hosts node-sim registered), or the IP. */
  readonly host: string;
}

/** The MDM cluster's mode, state and members, read from scaleio-sim; null before it exists. */
export function mdmTruth(c: SimCluster): {
  mode: string;
  state: string;
  members: MdmMember[];
} | null {
  const s = c.scaleio.state();
  const m = s.mdmCluster;
  if (m === null) return null;
  const hostOf = (ip: string) => s.nodes.find((n) => n.ip === ip)?.hostname ?? ip;
  const member = (role: MdmMember['role']) => (n: { ips: string[] }) => ({
    role,
    ip: n.ips[0] ?? '',
    host: hostOf(n.ips[0] ?? ''),
  });
  return {
    mode: m.mode,
    state: m.clusterState,
    members: [
      member('master')(m.master),
      ...m.slaves.map(member('slave')),
      ...m.tieBreakers.map(member('tieBreaker')),
      ...m.standbys.map(member('standby')),
    ],
  };
}
