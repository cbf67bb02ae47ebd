/** What the membership tests build alike: a deploy state of storage nodes, a pool of SDSs. */
import {
  createProtectionDomain,
  createSds,
  createStoragePool,
  type ScaleIOClient,
} from '@scaleio-framework/scaleio';
import { emptyDeployState, type AgentId, type DeployState } from '@scaleio-framework/orchestrator';

/** The Right of an Either, or a thrown error with the Left (test set-up only). */
export const must = async <A>(
  p: Promise<{ _tag: 'Left'; left: unknown } | { _tag: 'Right'; right: A }>,
) => {
  const r = await p;
  if (r._tag === 'Left') throw new Error(JSON.stringify(r.left));
  return r.right;
};

/** A storage node per IP (agents `a1`…, hosts `h1`…); the one on `lostIp` gone since 1 ms. */
export const storageDeploy = (ips: readonly string[], lostIp?: string): DeployState => ({
  ...emptyDeployState(),
  nodes: Object.fromEntries(
    ips.map((ip, i) => [
      `a${i + 1}`,
      {
        agentId: `a${i + 1}` as AgentId,
        hostname: `h${i + 1}`,
        ip,
        role: 'storage' as const,
        faultSet: '',
        devices: [],
        steps: {},
        ...(ip === lostIp ? { goneAt: 1 } : {}),
      },
    ]),
  ),
});

/** Protection domain `pd`, pool `sp`, and an SDS per IP (`sds0`…) with its `/dev/sdb` in it. */
export const sdsPool = async (client: ScaleIOClient, ips: readonly string[]) => {
  const pd = await must(client.run(createProtectionDomain({ name: 'pd' })));
  const sp = await must(client.run(createStoragePool({ name: 'sp', protectionDomainId: pd })));
  for (const [i, ip] of ips.entries())
    await must(
      client.run(
        createSds({
          name: `sds${i}`,
          protectionDomainId: pd,
          ips: [{ ip, role: 'all' }],
          devices: [{ path: '/dev/sdb', storagePoolId: sp }],
        }),
      ),
    );
  return { pd, sp };
};
