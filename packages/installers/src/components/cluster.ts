/**
 * The MDM cluster creation sequence, run on the primary MDM with `scli` (ScaleIO 2.x syntax):
 * create the cluster, change the admin password, add standby managers and tiebreakers, switch to
 * 3- or 5-node mode, rename the system to the configured name. Each step checks the real
 * cluster (`scli --query_cluster`, a login) first, so a re-run applies nothing and a run stopped
 * half-way resumes. The password travels as a {@link Secret}: redacted everywhere.
 */
import * as t from 'io-ts';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { invalidInput, type HostError, type InvalidInput } from '../errors.js';
import type { Host } from '../host.js';
import { blocked, done, pending, type Action, type Component, type InstallStep } from '../plan.js';
import type { Secret } from '../secret.js';
import { parseQueryCluster, type ClusterView } from './query-cluster.js';

/** An MDM of the cluster (codec). */
export const MdmMember = t.intersection([t.type({ ip: t.string }), t.partial({ name: t.string })]);
/** An MDM of the cluster. */
export type MdmMember = t.TypeOf<typeof MdmMember>;

/** The cluster to build (codec). 3 nodes: 1 secondary manager + 1 tiebreaker; 5 nodes: 2 + 2. */
export const ClusterParams = t.type({
  systemName: t.string,
  primary: MdmMember,
  managers: t.array(MdmMember),
  tiebreakers: t.array(MdmMember),
});
/** The cluster to build. */
export type ClusterParams = t.TypeOf<typeof ClusterParams>;

/** Checks the member counts and fills default names (mdm1, mdm2…, tb1…). */
export const normaliseCluster = (
  p: ClusterParams,
): Either<InvalidInput, ClusterParams & { readonly mode: 3 | 5 }> => {
  const n = 1 + p.managers.length + p.tiebreakers.length;
  const ok =
    (p.managers.length === 1 && p.tiebreakers.length === 1) ||
    (p.managers.length === 2 && p.tiebreakers.length === 2);
  if (!ok)
    return left(
      invalidInput(
        `an MDM cluster needs 1 manager + 1 tiebreaker besides the primary (3 nodes) or 2 + 2 (5 nodes); got ${p.managers.length} + ${p.tiebreakers.length}`,
      ),
    );
  if (p.systemName.trim() === '' || /\s/.test(p.systemName))
    return left(invalidInput(`system name "${p.systemName}" must be non-empty without spaces`));
  const ips = [p.primary.ip, ...p.managers.map((m) => m.ip), ...p.tiebreakers.map((m) => m.ip)];
  if (new Set(ips).size !== ips.length)
    return left(invalidInput(`MDM addresses must be distinct: ${ips.join(', ')}`));
  return right({
    systemName: p.systemName,
    primary: { ip: p.primary.ip, name: p.primary.name ?? 'mdm1' },
    managers: p.managers.map((m, i) => ({ ip: m.ip, name: m.name ?? `mdm${i + 2}` })),
    tiebreakers: p.tiebreakers.map((m, i) => ({ ip: m.ip, name: m.name ?? `tb${i + 1}` })),
    mode: n === 3 ? 3 : 5,
  });
};

const QUERY: readonly [string, ...string[]] = ['scli', '--query_cluster'];

/** Runs `scli --query_cluster`; `undefined` when there is no cluster (non-zero exit). */
const queryCluster = async (host: Host): Promise<Either<HostError, ClusterView | undefined>> => {
  const r = await host.run({ argv: QUERY });
  if (isLeft(r)) return r;
  return right(r.right.exitCode === 0 ? parseQueryCluster(r.right.stdout) : undefined);
};

/**
 * Logs in as admin. The real scli takes the password only as an argument (`--password`; without
 * it, it prompts on a terminal, and a plan has none): thecodeteam/scaleio-framework
 * `scaleioProcedural.go` and every public ScaleIO 2.0 script pass it so. Exposure is kept to the
 * minimum that form allows: the host runs scli without a shell (no shell history, no `sh -c`
 * line), reveals the secret to that process only and shows `<secret:name>` in every log, error
 * and dry run; the argument lives as long as that one short scli process.
 */
const login = (password: Secret | string): Action => ({
  kind: 'run',
  argv: ['scli', '--login', '--username', 'admin', '--password', password],
  expect: /Logged in/,
});

const hasMember = (v: ClusterView, m: MdmMember): boolean =>
  v.members.some((x) => x.name === m.name || x.ips.includes(m.ip));

const withCluster = (
  host: Host,
  f: (
    v: ClusterView,
  ) => ReturnType<InstallStep['check']> | Awaited<ReturnType<InstallStep['check']>>,
): ReturnType<InstallStep['check']> =>
  queryCluster(host).then((v) =>
    isLeft(v)
      ? v
      : v.right === undefined
        ? right(blocked('there is no MDM cluster yet'))
        : f(v.right),
  );

/** The cluster creation component (primary MDM only). */
export const clusterComponent = (
  params: ClusterParams,
  password: Secret,
): Either<InvalidInput, Component> => {
  const norm = normaliseCluster(params);
  if (isLeft(norm)) return norm;
  const p = norm.right;
  const pri = p.primary;
  const steps: InstallStep[] = [
    {
      id: 'cluster.create',
      description: `Create the MDM cluster on ${pri.ip} (${pri.name})`,
      check: async (host) => {
        const v = await queryCluster(host);
        if (isLeft(v)) return v;
        if (v.right === undefined) return right(pending('no MDM cluster answers on this node'));
        const master = v.right.members.find((m) => m.section === 'Master MDM');
        return right(
          master === undefined || master.ips.includes(pri.ip) || master.name === pri.name
            ? done('the MDM cluster exists')
            : blocked(
                `an MDM cluster already exists with master ${master.name ?? '?'} (${master.ips.join(', ')}), not ${pri.ip}`,
              ),
        );
      },
      actions: [
        {
          kind: 'run',
          argv: [
            'scli',
            '--create_mdm_cluster',
            '--master_mdm_ip',
            pri.ip,
            '--master_mdm_management_ip',
            pri.ip,
            '--master_mdm_name',
            pri.name ?? 'mdm1',
            '--accept_license',
            '--approve_certificate',
          ],
          expect: /Successfully created the MDM Cluster/,
        },
      ],
    },
    {
      id: 'cluster.password',
      description: 'Replace the default admin password',
      check: async (host) => {
        const r = await host.run({
          argv: ['scli', '--login', '--username', 'admin', '--password', password],
        });
        if (isLeft(r)) return r;
        return right(
          r.right.exitCode === 0 && /Logged in/.test(r.right.stdout + r.right.stderr)
            ? done('admin logs in with the configured password')
            : pending('the configured password does not log in yet'),
        );
      },
      actions: [
        login('admin'),
        {
          kind: 'run',
          argv: ['scli', '--set_password', '--old_password', 'admin', '--new_password', password],
          expect: /Password changed successfully/,
        },
        login(password),
      ],
    },
    ...[
      ...p.managers.map((m) => ({ m, role: 'manager' as const })),
      ...p.tiebreakers.map((m) => ({ m, role: 'tb' as const })),
    ].map(({ m, role }): InstallStep => ({
      id: `cluster.standby.${m.name ?? m.ip}`,
      description: `Add ${m.name ?? m.ip} (${m.ip}) as a standby ${role === 'tb' ? 'tiebreaker' : 'manager'} MDM`,
      check: (host) =>
        withCluster(host, (v) =>
          right(
            hasMember(v, m)
              ? done(`${m.name ?? m.ip} is in the cluster`)
              : pending(`${m.name ?? m.ip} is not in the cluster`),
          ),
        ),
      actions: [
        login(password),
        {
          kind: 'run',
          argv:
            role === 'manager'
              ? [
                  'scli',
                  '--add_standby_mdm',
                  '--new_mdm_ip',
                  m.ip,
                  '--mdm_role',
                  'manager',
                  '--new_mdm_management_ip',
                  m.ip,
                  '--new_mdm_name',
                  m.name ?? m.ip,
                ]
              : [
                  'scli',
                  '--add_standby_mdm',
                  '--new_mdm_ip',
                  m.ip,
                  '--mdm_role',
                  'tb',
                  '--new_mdm_name',
                  m.name ?? m.ip,
                ],
          expect: /Successfully added a standby MDM/,
        },
      ],
    })),
    {
      id: 'cluster.mode',
      description: `Switch the MDM cluster to ${p.mode}-node mode`,
      check: (host) =>
        withCluster(host, (v) =>
          right(
            v.mode === p.mode
              ? done(`cluster mode is ${p.mode}_node`)
              : pending(`cluster mode is ${v.mode ?? '?'}_node`),
          ),
        ),
      actions: [
        login(password),
        {
          kind: 'run',
          argv: [
            'scli',
            '--switch_cluster_mode',
            '--cluster_mode',
            `${p.mode}_node`,
            '--add_slave_mdm_name',
            p.managers.map((m) => m.name ?? m.ip).join(','),
            '--add_tb_name',
            p.tiebreakers.map((m) => m.name ?? m.ip).join(','),
          ],
          expect: /Successfully switched the cluster mode/,
        },
      ],
    },
    {
      id: 'cluster.rename',
      description: `Name the system ${p.systemName}`,
      check: (host) =>
        withCluster(host, (v) =>
          right(
            v.name === p.systemName
              ? done(`system is named ${p.systemName}`)
              : pending(`system is named ${v.name ?? '(none)'}`),
          ),
        ),
      actions: [
        login(password),
        {
          kind: 'run',
          argv: ['scli', '--rename_system', '--new_name', p.systemName],
          expect: /Successfully renamed system to/,
        },
      ],
    },
  ];
  return right({ name: 'mdm-cluster', steps });
};
