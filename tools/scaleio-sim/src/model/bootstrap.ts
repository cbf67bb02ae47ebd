import type { AdminApi } from '../admin-api.js';

/** Size of each bootstrap device: 100 GiB. */
export const BOOTSTRAP_DEVICE_BYTES = 100 * 1024 ** 3;

/** IPs of the bootstrap hosts. */
export const BOOTSTRAP_IPS = ['10.0.0.11', '10.0.0.12', '10.0.0.13'] as const;

/**
 * Brings a fresh simulator to "ScaleIO installed": a 3-node MDM cluster on the three bootstrap
 * hosts, each running the SDS service with `/dev/sdb` and `/dev/sdc` of 100 GiB.
 */
export const bootstrapCluster = (admin: AdminApi): void => {
  const [a, b, c] = BOOTSTRAP_IPS;
  for (const ip of BOOTSTRAP_IPS)
    admin.upsertNode({
      ip,
      hostname: `node-${ip.split('.').join('-')}`,
      sdsService: 'running',
      devices: [
        { path: '/dev/sdb', sizeBytes: BOOTSTRAP_DEVICE_BYTES },
        { path: '/dev/sdc', sizeBytes: BOOTSTRAP_DEVICE_BYTES },
      ],
    });
  admin.createMdm({ primaryMdmIp: a, clusterName: 'cluster1' });
  admin.addStandbyMdm({ ip: b, role: 'Manager' });
  admin.addStandbyMdm({ ip: c, role: 'TieBreaker' });
  admin.switchMode({ mode: '3_node' });
};
