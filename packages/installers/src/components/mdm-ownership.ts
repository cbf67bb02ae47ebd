/**
 * The MDM ownership switch of a rolling upgrade, run on an MDM node with `scli` (ScaleIO 2.x):
 * log in, then `--switch_mdm_ownership --new_master_mdm_ip <IP>` — 2.x names the roles master
 * and slave (`--create_mdm_cluster --master_mdm_ip`, "Master MDM:" in `--query_cluster`); 3.x
 * renamed the option `--new_primary_mdm_ip` (PowerFlex CLI reference). The check reads the real
 * cluster first: when the new master already owns it, nothing runs.
 */
import * as t from 'io-ts';
import { isLeft, right } from 'fp-ts/lib/Either.js';
import type { Host } from '../host.js';
import { blocked, done, pending, type Component } from '../plan.js';
import type { Secret } from '../secret.js';
import { parseQueryCluster } from './query-cluster.js';

/** Parameters of the switch (codec). */
export const OwnershipParams = t.type({ newMasterIp: t.string });
/** Parameters of the switch. */
export type OwnershipParams = t.TypeOf<typeof OwnershipParams>;

const masterIps = async (host: Host) => {
  const r = await host.run({ argv: ['scli', '--query_cluster'] });
  if (isLeft(r)) return r;
  if (r.right.exitCode !== 0) return right(undefined);
  return right(
    parseQueryCluster(r.right.stdout).members.find((m) => m.section === 'Master MDM')?.ips ?? [],
  );
};

/** The switch component: ownership to `newMasterIp`, a secondary MDM of the cluster. */
export const ownershipComponent = (p: OwnershipParams, password: Secret): Component => ({
  name: 'mdm-ownership',
  steps: [
    {
      id: 'mdm.switch-ownership',
      description: `Switch MDM ownership to ${p.newMasterIp}`,
      checks: ['$ scli --query_cluster'],
      check: async (host) => {
        const m = await masterIps(host);
        if (isLeft(m)) return m;
        if (m.right === undefined) return right(blocked('no MDM cluster answers on this node'));
        return right(
          m.right.includes(p.newMasterIp)
            ? done(`${p.newMasterIp} is the master`)
            : pending(`the master is ${m.right.join(', ') || 'unknown'}`),
        );
      },
      actions: [
        {
          kind: 'run',
          argv: ['scli', '--login', '--username', 'admin', '--password', password],
          expect: /Logged in/,
        },
        {
          kind: 'run',
          argv: ['scli', '--switch_mdm_ownership', '--new_master_mdm_ip', p.newMasterIp],
        },
      ],
    },
  ],
});
