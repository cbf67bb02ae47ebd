/**
 * The shrink rig's parts (tests and the shrink benchmark): the drain port over the rig's gateway
 * with the guest's hold wired (a device its SDS uses stays busy in ec2-sim), two application
 * volumes whose removal drains half the data, and a pool grown twice by the healer.
 */
import { nvmeByIdPath } from '@scaleio-framework/aws-volumes';
import { createVolume, type VolumeId } from '@scaleio-framework/scaleio';
import type { HealingEntry } from '@scaleio-framework/healing';
import { fill, run, twoDomains, type Rig } from './healing-harness.js';
import { gatewayDrain } from '../src/index.js';

/** The rig's drain port, and the guest's hold: a device its SDS uses stays busy in ec2-sim. */
export const shrinkPorts = (rig: Rig) => {
  rig.sio.onDeviceUse((u) => {
    const v = rig.ec2.volumes().find((x) => nvmeByIdPath(x.volumeId) === u.path);
    if (v !== undefined) rig.ec2.setGuestHold(v.volumeId, u.inUse);
  });
  return {
    drain: gatewayDrain({
      client: rig.client,
      nodeOf: (sds) => hosts.find((h) => sds.ipList.some((i) => i.ip === h.ip))?.instance,
    }),
  };
};
const hosts = twoDomains[0]?.hosts ?? [];

/** Two thin volumes written half each; removing one frees half the data (the "drain"). */
export const appVolumes = async (rig: Rig) => {
  const pool = rig.pools.get('pd1/sp1');
  if (pool === undefined) throw new Error('no pool');
  const ids: VolumeId[] = [];
  for (const name of ['app-a', 'app-b']) {
    const r = await rig.client.run(
      createVolume({ name, storagePoolId: pool, sizeInKb: 64 * 1024 * 1024 }),
    );
    if (r._tag === 'Left') throw new Error(JSON.stringify(r.left));
    ids.push(r.right);
  }
  return ids;
};

/** Fills the pool until healing added two volumes, then stops the writes. */
export const growTwice = async (rig: Rig, healer: ReturnType<Rig['healer']>) => {
  fill(rig, 'pd1/sp1', 2, 100);
  let peak = 0;
  for (let i = 0; i < 120 && rig.devices('pd1/sp1') < 5; i++)
    await run(rig, healer, 1, 60_000, () => (peak = Math.max(peak, rig.percent('pd1/sp1'))));
  fill(rig, 'pd1/sp1', 0);
  await run(rig, healer, 5, 60_000, () => (peak = Math.max(peak, rig.percent('pd1/sp1'))));
  return peak;
};

export const ledgerOf = (healer: ReturnType<Rig['healer']>): HealingEntry[] => {
  const s = healer.status();
  return [...s.inFlight, ...s.recent, ...s.awaitingApproval].sort((a, b) => a.seq - b.seq);
};
