/**
 * The SDC's block devices: while `scini` runs, every ScaleIO volume the MDM has mapped to this
 * node's SDC is a `/dev/scini<letter>` disk with the udev link `/dev/disk/by-id/emc-vol-<system
 * id>-<volume id>`; an unmapped volume's device goes away. The MDM's mappings are scaleio-sim's.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { writeDevNodes } from '../root.js';
import { readJson, writeJson } from '../state/files.js';
import { clusterPaths } from '../state/paths.js';
import type { DeviceSpec } from '../spec.js';
import { simState } from '../tools/admin.js';
import { devices, services, type ToolContext } from '../tools/context.js';
import { sdcGuid } from '../tools/service-hooks.js';

const MdmView = t.type({
  system: t.type({ id: t.string }),
  sdcs: t.array(t.type({ id: t.string, guid: t.string })),
  volumes: t.array(
    t.type({ id: t.string, sizeKb: t.number, mappings: t.array(t.type({ sdcId: t.string })) }),
  ),
});

const letter = (i: number): string =>
  i < 26 ? String.fromCharCode(97 + i) : `${letter(Math.floor(i / 26) - 1)}${letter(i % 26)}`;

/**
 * Brings the node's `scini*` devices in line with the volumes mapped to its SDC (none while scini
 * is stopped); keeps a device's filesystem and mount while its volume stays mapped.
 */
export const syncScini = async (ctx: ToolContext): Promise<E.Either<string, DeviceSpec[]>> => {
  const r = await simState(ctx);
  if (E.isLeft(r)) return r;
  if (r.right.skipped) return E.left('no MDM to ask (no scaleio-sim configured)');
  const view = MdmView.decode(r.right.body);
  if (E.isLeft(view)) return E.left('unexpected answer from the MDM (scaleio-sim /sim/state)');
  const guid = sdcGuid(ctx.config).toUpperCase();
  const sdc = view.right.sdcs.find((s) => s.guid.toUpperCase() === guid);
  const running = services(ctx).get()['scini']?.active === true;
  const mapped =
    sdc === undefined || !running
      ? []
      : view.right.volumes.filter((v) => v.mappings.some((m) => m.sdcId === sdc.id));
  const store = devices(ctx);
  const all = store.get();
  const kept = all.filter(
    (d) => d.scaleioVolume === undefined || mapped.some((v) => v.id === d.scaleioVolume?.volumeId),
  );
  const gone = all.filter((d) => !kept.includes(d));
  const fs = volumeFs(ctx).get();
  const added: DeviceSpec[] = [];
  for (const v of mapped) {
    if (kept.some((d) => d.scaleioVolume?.volumeId === v.id)) continue;
    let i = 0;
    while ([...kept, ...added].some((d) => d.name === `scini${letter(i)}`)) i++;
    added.push({
      name: `scini${letter(i)}`,
      sizeBytes: v.sizeKb * 1024,
      type: 'disk',
      scaleioVolume: { systemId: view.right.system.id, volumeId: v.id },
      ...(fs[v.id] === undefined ? {} : { fstype: fs[v.id] }),
    });
  }
  const next = [...kept, ...added];
  store.put(next);
  for (const d of gone) {
    rmSync(join(ctx.root, 'dev', d.name), { force: true });
    const ref = d.scaleioVolume;
    if (ref !== undefined)
      rmSync(join(ctx.root, 'dev/disk/by-id', `emc-vol-${ref.systemId}-${ref.volumeId}`), {
        force: true,
      });
  }
  writeDevNodes(ctx.root, added);
  return E.right(next);
};

const VolumeFs = t.record(t.string, t.string);

/** The filesystem each ScaleIO volume holds (written by a format, read by every node that maps it). */
export const volumeFs = (ctx: ToolContext) => {
  const path = clusterPaths(ctx.config.clusterDir).volumeFs;
  return {
    get: (): Record<string, string> => {
      const r = readJson(path, VolumeFs, {});
      return E.isRight(r) ? r.right : {};
    },
    set: (volumeId: string, fstype: string): void => {
      const r = readJson(path, VolumeFs, {});
      writeJson(path, VolumeFs, { ...(E.isRight(r) ? r.right : {}), [volumeId]: fstype });
    },
  };
};

/** Updates one device of the node (its filesystem or mount), by name. */
export const updateDevice = (
  ctx: ToolContext,
  name: string,
  f: (d: DeviceSpec) => DeviceSpec,
): void => {
  const store = devices(ctx);
  store.put(store.get().map((d) => (d.name === name ? f(d) : d)));
};
