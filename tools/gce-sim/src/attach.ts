/**
 * `instances.attachDisk` and `instances.detachDisk`
 * (https://cloud.google.com/compute/docs/reference/rest/v1/instances/attachDisk, …/detachDisk).
 * Both answer a zonal operation; the instance's `disks[]` and the disk's `users[]` change when it
 * is DONE, and that is when node-sim hears of it.
 */
import { apiError, invalidField, notFound, type Answer } from './errors.js';
import { diskLink, instanceLink, startOperation, type SimState } from './model.js';
import type { Req } from './api.js';
import { renderOperation } from './render.js';

const rec = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const instancePath = (s: SimState, zone: string, name: string): string =>
  `projects/${s.project}/zones/${zone}/instances/${name}`;
/** `…/projects/p/zones/z/disks/d` (full or partial URL) -> zone and name. */
const parseDiskSource = (src: string): { zone: string; name: string } | undefined => {
  const m = /(?:^|\/)zones\/([^/]+)\/disks\/([^/]+)$/.exec(src);
  return m?.[1] === undefined || m[2] === undefined ? undefined : { zone: m[1], name: m[2] };
};
const DEVICE = /^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/** Answers with the operation of an earlier request of the same `requestId`, if any. */
const prior = (r: Req): Answer | undefined => {
  const id = r.query.get('requestId');
  const name = id === null ? undefined : r.state.requestIds.get(id);
  const op = name === undefined ? undefined : r.state.operations.get(name);
  return op === undefined ? undefined : [200, renderOperation(r.state, op)];
};

/** `POST …/instances/{instance}/attachDisk`. */
export const attachDisk = (r: Req, zone: string, name: string): Answer => {
  const again = prior(r);
  if (again !== undefined) return again;
  const s = r.state;
  const inst = s.instances.get(`${zone}/${name}`);
  if (inst === undefined) return notFound(instancePath(s, zone, name));
  const b = rec(r.body);
  const source = typeof b['source'] === 'string' ? b['source'] : '';
  const ref = parseDiskSource(source);
  if (ref === undefined) return invalidField('resource.source', source, 'Must be a disk URL.');
  const disk = s.disks.get(`${ref.zone}/${ref.name}`);
  if (disk === undefined)
    return notFound(`projects/${s.project}/zones/${ref.zone}/disks/${ref.name}`);
  // A zonal disk attaches only to an instance in its zone
  // (https://cloud.google.com/compute/docs/disks/add-persistent-disk: "in the same zone").
  if (ref.zone !== zone)
    return invalidField(
      'resource.source',
      source,
      `Disk must be in the same zone as the instance (${zone}).`,
    );
  if (disk.status !== 'READY')
    return apiError(
      400,
      'resourceNotReady',
      `The resource 'projects/${s.project}/zones/${zone}/disks/${ref.name}' is not ready`,
    );
  const link = instanceLink(s, zone, name);
  const other = disk.users.find((u) => u !== link);
  if (other !== undefined)
    return apiError(
      400,
      'resourceInUseByAnotherResource',
      `The disk resource 'projects/${s.project}/zones/${zone}/disks/${ref.name}' is already being used by '${other.replace(/^.*\/compute\/v1\//, '')}'`,
    );
  const deviceName = typeof b['deviceName'] === 'string' ? b['deviceName'] : ref.name;
  if (!DEVICE.test(deviceName))
    return invalidField('resource.deviceName', deviceName, 'Must be a valid device name.');
  if (inst.disks.some((d) => d.deviceName === deviceName) || inst.pending.has(deviceName))
    return invalidField(
      'resource.deviceName',
      deviceName,
      'A disk with this device name is already attached.',
    );
  inst.pending.add(deviceName);
  disk.attachingTo = name;
  const op = startOperation(
    s,
    r.nowMs,
    {
      zone,
      operationType: 'attachDisk',
      targetLink: link,
      targetId: inst.id,
      complete: () => {
        inst.pending.delete(deviceName);
        delete disk.attachingTo;
        const max = s.machineTypes[inst.machineType] ?? 128;
        // Over the machine type's limit the operation fails; the boot disk counts
        // (kubernetes-sigs/gcp-compute-persistent-disk-csi-driver#1819: "operation … failed
        // (UNSUPPORTED_OPERATION): Maximum … disks count should be less than or equal to [16],
        // Requested : [17]").
        if (inst.disks.length + 1 > max)
          return {
            code: 'UNSUPPORTED_OPERATION',
            message: `Maximum persistent disks count should be less than or equal to [${max}], Requested : [${inst.disks.length + 1}]`,
          };
        if (!s.disks.has(`${ref.zone}/${ref.name}`))
          return { code: 'RESOURCE_NOT_FOUND', message: `The resource '${source}' was not found` };
        inst.disks.push({
          deviceName,
          source: diskLink(s, zone, ref.name),
          index: Math.max(...inst.disks.map((d) => d.index)) + 1,
          boot: false,
          autoDelete: b['autoDelete'] === true,
        });
        disk.users = [...disk.users, link];
        disk.lastAttachMs = r.nowMs;
        s.events.push({
          instanceId: name,
          volumeId: ref.name,
          device: deviceName,
          sizeGiB: disk.sizeGb,
          state: 'attached',
        });
        return undefined;
      },
    },
    s.timings.attachMs,
    r.query.get('requestId') ?? undefined,
  );
  return [200, renderOperation(s, op)];
};

/** `POST …/instances/{instance}/detachDisk?deviceName=…`. */
export const detachDisk = (r: Req, zone: string, name: string): Answer => {
  const again = prior(r);
  if (again !== undefined) return again;
  const s = r.state;
  const inst = s.instances.get(`${zone}/${name}`);
  if (inst === undefined) return notFound(instancePath(s, zone, name));
  const deviceName = r.query.get('deviceName') ?? '';
  const att = inst.disks.find((d) => d.deviceName === deviceName);
  if (att === undefined)
    return invalidField(
      'deviceName',
      deviceName,
      `No attached disk found with device name '${deviceName}'`,
    );
  const op = startOperation(
    s,
    r.nowMs,
    {
      zone,
      operationType: 'detachDisk',
      targetLink: instanceLink(s, zone, name),
      targetId: inst.id,
      complete: () => {
        inst.disks = inst.disks.filter((d) => d !== att);
        const ref = parseDiskSource(att.source);
        const disk = ref === undefined ? undefined : s.disks.get(`${ref.zone}/${ref.name}`);
        if (disk !== undefined) {
          disk.users = disk.users.filter((u) => u !== instanceLink(s, zone, name));
          disk.lastDetachMs = r.nowMs;
          s.events.push({
            instanceId: name,
            volumeId: disk.name,
            device: deviceName,
            sizeGiB: disk.sizeGb,
            state: 'detached',
          });
        }
        return undefined;
      },
    },
    s.timings.detachMs,
    r.query.get('requestId') ?? undefined,
  );
  return [200, renderOperation(s, op)];
};
