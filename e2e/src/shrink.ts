/**
 * Shrink e2e helpers: application volumes made and removed through the gateway's REST API (as an
 * application's storage would be), so that the data in the pool can be "drained" by deleting one.
 */
import type { ScaleioSim } from '@scaleio-framework/scaleio-sim';
import { gatewayRequest as call } from './existing-system.js';

const ok = async (p: Promise<{ status: number; text: string }>, what: string) => {
  const r = await p;
  if (r.status < 200 || r.status > 299) throw new Error(`${what}: ${r.status} ${r.text}`);
  return r.text;
};

/** Thin volumes of `sizeGiB` each in the pool, made over REST; their ids. */
export async function appVolumes(
  sim: ScaleioSim,
  poolId: string,
  names: readonly string[],
  sizeGiB: number,
): Promise<string[]> {
  const token = JSON.parse(
    await ok(call(sim, '/api/login', sim.credentials.password), 'login'),
  ) as string;
  const ids: string[] = [];
  for (const name of names) {
    const text = await ok(
      call(sim, '/api/types/Volume/instances', token, {
        name,
        storagePoolId: poolId,
        volumeSizeInKb: String(sizeGiB * 1024 * 1024),
        volumeType: 'ThinProvisioned',
      }),
      `create ${name}`,
    );
    ids.push((JSON.parse(text) as { id: string }).id);
  }
  return ids;
}

/** Removes an application volume (its share of the pool's data goes with it). */
export async function dropVolume(sim: ScaleioSim, id: string): Promise<void> {
  const token = JSON.parse(
    await ok(call(sim, '/api/login', sim.credentials.password), 'login'),
  ) as string;
  await ok(
    call(sim, `/api/instances/Volume::${id}/action/removeVolume`, token, { removeMode: 'ONLY_ME' }),
    `remove ${id}`,
  );
}
