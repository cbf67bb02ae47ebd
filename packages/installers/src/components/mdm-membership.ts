/**
 * MDM cluster membership commands, run on the primary MDM with `scli` (ScaleIO 2.x) to replace a
 * lost member: `--add_standby_mdm`, `--replace_cluster_mdm` (`--add_slave_mdm_ip` with
 * `--remove_slave_mdm_ip`, or `--add_tb_ip` with `--remove_tb_ip`; `--allow_leave_failed`: the
 * lost member does not answer; `--i_am_sure`), `--remove_standby_mdm`. The forms are those of the
 * ScaleIO 2.0 CLI as the puppet-scaleio module's `scaleio::cluster` drives them (reference
 * scaleio-api.md §6.2 for `--add_standby_mdm`). Each check reads the real cluster
 * (`scli --query_cluster`) first, so a command the cluster already shows is not run again.
 */
import * as t from 'io-ts';
import { isLeft, right } from 'fp-ts/lib/Either.js';
import type { Host } from '../host.js';
import { blocked, done, pending, type Component } from '../plan.js';
import type { Secret } from '../secret.js';
import { parseQueryCluster, type ClusterView } from './query-cluster.js';

/** One membership command (codec). */
export const MembershipParams = t.union([
  t.type({
    op: t.literal('addStandby'),
    ip: t.string,
    role: t.keyof({ Manager: null, TieBreaker: null }),
    name: t.string,
  }),
  t.type({
    op: t.literal('replace'),
    role: t.keyof({ secondary: null, tiebreaker: null }),
    addIp: t.string,
    removeIp: t.string,
  }),
  t.type({ op: t.literal('removeStandby'), ip: t.string }),
]);
/** One membership command. */
export type MembershipParams = t.TypeOf<typeof MembershipParams>;

const MEMBER_SECTIONS = ['Master MDM', 'Slave MDMs', 'Tie-Breakers'];
const sectionOf = (v: ClusterView, ip: string): string | undefined =>
  v.members.find((m) => m.ips.includes(ip))?.section;

/** Whether the cluster already shows the command done, or what is missing. */
export const membershipShown = (v: ClusterView, p: MembershipParams): string | undefined => {
  switch (p.op) {
    case 'addStandby':
      return sectionOf(v, p.ip) === undefined ? `${p.ip} is not in the cluster` : undefined;
    case 'replace': {
      const want = p.role === 'secondary' ? 'Slave MDMs' : 'Tie-Breakers';
      if (sectionOf(v, p.addIp) !== want) return `${p.addIp} is not among the ${want}`;
      return MEMBER_SECTIONS.includes(sectionOf(v, p.removeIp) ?? '')
        ? `${p.removeIp} is still a member`
        : undefined;
    }
    case 'removeStandby':
      return sectionOf(v, p.ip) === undefined ? undefined : `${p.ip} is still listed`;
  }
};

const argvOf = (p: MembershipParams): [string, ...string[]] => {
  switch (p.op) {
    case 'addStandby':
      return [
        'scli',
        '--add_standby_mdm',
        '--new_mdm_ip',
        p.ip,
        '--mdm_role',
        p.role === 'Manager' ? 'manager' : 'tb',
        '--new_mdm_management_ip',
        p.ip,
        '--new_mdm_name',
        p.name,
        '--approve_certificate',
      ];
    case 'replace': {
      const [add, remove] =
        p.role === 'secondary'
          ? ['--add_slave_mdm_ip', '--remove_slave_mdm_ip']
          : ['--add_tb_ip', '--remove_tb_ip'];
      return [
        'scli',
        '--replace_cluster_mdm',
        add,
        p.addIp,
        remove,
        p.removeIp,
        '--allow_leave_failed',
        '--i_am_sure',
      ];
    }
    case 'removeStandby':
      return ['scli', '--remove_standby_mdm', '--remove_mdm_ip', p.ip];
  }
};

const query = async (host: Host) => {
  const r = await host.run({ argv: ['scli', '--query_cluster'] });
  if (isLeft(r)) return r;
  return right(r.right.exitCode === 0 ? parseQueryCluster(r.right.stdout) : undefined);
};

/** The component of one membership command (on the primary MDM's node). */
export const membershipComponent = (p: MembershipParams, password: Secret): Component => ({
  name: 'mdm-membership',
  steps: [
    {
      id: `mdm.${p.op}`,
      description: `MDM cluster: ${argvOf(p).slice(1).join(' ')}`,
      checks: ['$ scli --query_cluster'],
      check: async (host) => {
        const v = await query(host);
        if (isLeft(v)) return v;
        if (v.right === undefined) return right(blocked('no MDM cluster answers on this node'));
        const missing = membershipShown(v.right, p);
        return right(missing === undefined ? done('the cluster shows it') : pending(missing));
      },
      actions: [
        {
          kind: 'run',
          argv: ['scli', '--login', '--username', 'admin', '--password', password],
          expect: /Logged in/,
        },
        { kind: 'run', argv: argvOf(p) },
      ],
    },
  ],
});
