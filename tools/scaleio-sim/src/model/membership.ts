/**
 * MDM cluster membership changes after a member is lost, as ScaleIO 2.x does them and refuses them:
 *
 * - `replaceClusterMdm` is `scli --replace_cluster_mdm` with `--add_slave_mdm_{ip,name}` /
 *   `--remove_slave_mdm_{ip,name}` and `--add_tb_{ip,name}` / `--remove_tb_{ip,name}`, plus
 *   `--allow_leave_failed` (the puppet-scaleio module's `scaleio::cluster` runs it as
 *   `--replace_cluster_mdm … --allow_leave_failed --i_am_sure`; reference scaleio-api.md §6.2 for
 *   the role flags). It swaps members without changing the cluster mode — changing the number
 *   of members is `--switch_cluster_mode` — so as many of a role are added as removed; what is
 *   added must be a standby of that role whose MDM answers; the master is never removed (its
 *   ownership moves first: `--switch_mdm_ownership`, or the cluster's own failover); a member
 *   that does not answer leaves only with `--allow_leave_failed`. Removed members stay as
 *   standbys, to be removed with `--remove_standby_mdm`.
 * - `removeStandbyMdm` is `scli --remove_standby_mdm` / REST `System/action/removeStandbyMdm`
 *   `{id}` (goscaleio `RemoveStandByMdm`; reference scaleio-api.md §6): only a standby can be
 *   removed; an unknown one is "The MDM could not be found" (goscaleio's test of it).
 *
 * Every change appends a health sample (`components.ts`), so tests read the cluster's history.
 */
import * as E from 'fp-ts/lib/Either.js';
import { adminError, type SimError } from '../errors.js';
import { mdmRunning, sample } from './components.js';
import type { MdmCluster, MdmNode, Model } from './types.js';

/** Input of {@link replaceClusterMdm}: members named by IP. */
export interface ReplaceMdmInput {
  addSlaveIps?: string[] | undefined;
  removeSlaveIps?: string[] | undefined;
  addTbIps?: string[] | undefined;
  removeTbIps?: string[] | undefined;
  allowLeaveFailed?: boolean | undefined;
}

const noCluster = (): SimError => adminError(409, 'no MDM cluster has been created');
const has = (n: MdmNode, ip: string) => n.ips.includes(ip);

/** Checks one role's swap; the members after it, or why it is refused. */
const swap = (
  m: Model,
  c: MdmCluster,
  role: 'Manager' | 'TieBreaker',
  members: MdmNode[],
  add: string[],
  remove: string[],
  allowLeaveFailed: boolean,
): E.Either<SimError, { members: MdmNode[]; added: MdmNode[]; removed: MdmNode[] }> => {
  const what = role === 'Manager' ? 'secondary MDM' : 'tie-breaker';
  if (add.length !== remove.length)
    return E.left(
      adminError(
        400,
        `replacing keeps the cluster mode: ${add.length} ${what}(s) to add but ${remove.length} to remove (use --switch_cluster_mode to change the number of members)`,
      ),
    );
  const removed: MdmNode[] = [];
  for (const ip of remove) {
    if (role === 'Manager' && has(c.master, ip))
      return E.left(
        adminError(400, `MDM ${ip} is the master: switch its ownership before removing it`),
      );
    const n = members.find((x) => has(x, ip));
    if (n === undefined) return E.left(adminError(400, `no ${what} of the cluster has IP ${ip}`));
    if (!mdmRunning(m, n) && !allowLeaveFailed)
      return E.left(
        adminError(409, `MDM ${ip} does not answer; it can leave only with --allow_leave_failed`),
      );
    removed.push(n);
  }
  const added: MdmNode[] = [];
  for (const ip of add) {
    const n = c.standbys.find((x) => has(x, ip) && x.role === role);
    if (n === undefined) return E.left(adminError(400, `no standby ${role} MDM has IP ${ip}`));
    if (!mdmRunning(m, n)) return E.left(adminError(409, `could not connect to the MDM at ${ip}`));
    added.push(n);
  }
  return E.right({
    members: [...members.filter((x) => !removed.includes(x)), ...added],
    added,
    removed,
  });
};

/** `scli --replace_cluster_mdm`: swaps standbys in for members, keeping the mode. */
export const replaceClusterMdm = (m: Model, i: ReplaceMdmInput): E.Either<SimError, MdmCluster> => {
  const c = m.mdm;
  if (c === null) return E.left(noCluster());
  if (c.mode === 'OneNode')
    return E.left(adminError(409, 'the cluster is not clustered: nothing to replace'));
  const none = (xs: string[] | undefined) => (xs ?? []).length === 0;
  if (none(i.addSlaveIps) && none(i.removeSlaveIps) && none(i.addTbIps) && none(i.removeTbIps))
    return E.left(adminError(400, 'nothing to replace: name the MDMs to add and to remove'));
  if (!mdmRunning(m, c.master))
    return E.left(adminError(409, 'the master MDM does not answer: the cluster cannot change'));
  const leave = i.allowLeaveFailed ?? false;
  const slaves = swap(
    m,
    c,
    'Manager',
    c.slaves,
    i.addSlaveIps ?? [],
    i.removeSlaveIps ?? [],
    leave,
  );
  if (E.isLeft(slaves)) return slaves;
  const tbs = swap(m, c, 'TieBreaker', c.tieBreakers, i.addTbIps ?? [], i.removeTbIps ?? [], leave);
  if (E.isLeft(tbs)) return tbs;
  const added = new Set([...slaves.right.added, ...tbs.right.added]);
  c.slaves = slaves.right.members;
  c.tieBreakers = tbs.right.members;
  c.standbys = [
    ...c.standbys.filter((n) => !added.has(n)),
    ...slaves.right.removed,
    ...tbs.right.removed,
  ];
  for (const n of added) sample(m, 'mdm joined the cluster', n.ips[0] ?? null);
  for (const n of [...slaves.right.removed, ...tbs.right.removed])
    sample(m, 'mdm left the cluster', n.ips[0] ?? null);
  return E.right(c);
};

/** `scli --remove_standby_mdm`: removes a standby MDM (never a member) by IP or id. */
export const removeStandbyMdm = (
  m: Model,
  i: { ip?: string | undefined; id?: string | undefined },
): E.Either<SimError, { removed: string }> => {
  const c = m.mdm;
  if (c === null) return E.left(noCluster());
  const match = (n: MdmNode) =>
    (i.ip !== undefined && has(n, i.ip)) || (i.id !== undefined && n.id === i.id);
  const member = [c.master, ...c.slaves, ...c.tieBreakers].find(match);
  if (member !== undefined)
    return E.left(
      adminError(
        400,
        `MDM ${member.ips[0] ?? member.id} is a cluster member: only a standby MDM can be removed`,
      ),
    );
  const n = c.standbys.find(match);
  if (n === undefined) return E.left(adminError(404, 'The MDM could not be found'));
  c.standbys = c.standbys.filter((x) => x !== n);
  sample(m, 'standby mdm removed', n.ips[0] ?? null);
  return E.right({ removed: n.id });
};
