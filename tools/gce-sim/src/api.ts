/**
 * The Compute Engine REST methods the framework uses, under `/compute/v1/projects/{project}/…`
 * (paths as the v1 discovery document and `@google-cloud/compute`'s http rules give them). Each
 * handler answers `[status, json]`; mutations answer a zonal `Operation` that finishes later.
 */
import { apiError, invalidField, notFound, type Answer } from './errors.js';
import { matches, parseFilter } from './filter.js';
import {
  diskLink,
  findInstanceByLink,
  instanceLink,
  newId,
  regionOf,
  startOperation,
  type Disk,
  type SimState,
} from './model.js';
import { diskTypes } from './options.js';
import { aggregated, renderDisk, renderInstance, renderOperation } from './render.js';

/** What one request carries. */
export interface Req {
  readonly state: SimState;
  readonly nowMs: number;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

/** The resource-name grammar (RFC 1035), as the API's "Must be a match of regex" errors quote it. */
const NAME = /^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
/** Label keys and values (https://cloud.google.com/compute/docs/labeling-resources#requirements). */
const LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;
/** `requestId` must be a UUID, the zero UUID excluded (disks.insert reference, query parameter `requestId`). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const rec = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const lastSegment = (link: string): string => link.split('/').at(-1) ?? link;

/**
 * A repeated `requestId` answers the operation of the first request and does nothing else
 * ("the server will know to ignore the request if it has already been completed", disks.insert
 * reference, `requestId`). An invalid one is a 400.
 */
const replayed = (r: Req): Answer | undefined | 'bad' => {
  const id = r.query.get('requestId');
  if (id === null) return undefined;
  if (!UUID.test(id) || /^[0-]+$/.test(id)) return 'bad';
  const name = r.state.requestIds.get(id);
  const op = name === undefined ? undefined : r.state.operations.get(name);
  return op === undefined ? undefined : [200, renderOperation(r.state, op)];
};
const withRequestId = (r: Req, start: () => Answer): Answer => {
  const prior = replayed(r);
  if (prior === 'bad')
    return invalidField('requestId', r.query.get('requestId') ?? '', 'Must be a UUID.');
  return prior ?? start();
};
const requestIdOf = (r: Req): string | undefined => r.query.get('requestId') ?? undefined;

const diskPath = (s: SimState, zone: string, name: string): string =>
  `projects/${s.project}/zones/${zone}/disks/${name}`;
const instancePath = (s: SimState, zone: string, name: string): string =>
  `projects/${s.project}/zones/${zone}/instances/${name}`;

/** GB in use per quota metric in a region (live disks, boot disks included). */
const usedGb = (s: SimState, region: string, metric: string): number =>
  [...s.disks.values()]
    .filter((d) => regionOf(d.zone) === region && diskTypes[d.type]?.quota === metric)
    .reduce((a, d) => a + d.sizeGb, 0);

/** `POST …/zones/{zone}/disks` (disks.insert). */
export const insertDisk = (r: Req, zone: string): Answer =>
  withRequestId(r, () => {
    const s = r.state;
    const b = rec(r.body);
    const name = str(b['name']) ?? '';
    if (!NAME.test(name))
      return invalidField('resource.name', name, `Must be a match of regex '${NAME.source}'`);
    const type = lastSegment(str(b['type']) ?? 'pd-standard');
    const limits = diskTypes[type];
    if (limits === undefined)
      return invalidField('resource.type', type, 'Disk type is not supported in this zone.');
    const sizeGb = Number(b['sizeGb'] ?? 500);
    if (!Number.isInteger(sizeGb) || sizeGb < limits.minGb)
      return invalidField(
        'resource.sizeGb',
        String(b['sizeGb']),
        `Disk size cannot be smaller than ${limits.minGb} GB.`,
      );
    if (sizeGb > limits.maxGb)
      return invalidField(
        'resource.sizeGb',
        String(sizeGb),
        `Disk size cannot be larger than ${limits.maxGb} GB.`,
      );
    const labels = rec(b['labels']) as Record<string, string>;
    for (const [k, v] of Object.entries(labels))
      if (!LABEL_KEY.test(k) || typeof v !== 'string' || !LABEL_VALUE.test(v))
        return invalidField(
          `labels.${k}`,
          String(v),
          'Label keys and values must be lowercase letters, digits, - or _.',
        );
    if (s.disks.has(`${zone}/${name}`))
      return apiError(
        409,
        'alreadyExists',
        `The resource '${diskPath(s, zone, name)}' already exists`,
      );
    const description = str(b['description']);
    const kmsKeyName = str(rec(b['diskEncryptionKey'])['kmsKeyName']);
    const disk: Disk = {
      id: newId(),
      name,
      zone,
      sizeGb,
      type,
      labels: { ...labels },
      ...(description === undefined ? {} : { description }),
      ...(kmsKeyName === undefined ? {} : { kmsKeyName }),
      status: 'CREATING',
      users: [],
      createdAtMs: r.nowMs,
    };
    s.disks.set(`${zone}/${name}`, disk);
    const region = regionOf(zone);
    const op = startOperation(
      s,
      r.nowMs,
      {
        zone,
        operationType: 'insert',
        targetLink: diskLink(s, zone, name),
        targetId: disk.id,
        complete: () => {
          // Quota is enforced when the operation runs: the operation ends DONE with a
          // QUOTA_EXCEEDED error and no disk (googleapis/nodejs-compute#459;
          // GoogleCloudPlatform/magic-modules#8030 "quota exceeded error for gce operations").
          const limit = s.quotaGb[limits.quota];
          if (usedGb(s, region, limits.quota) > limit) {
            s.disks.delete(`${zone}/${name}`);
            return {
              httpStatus: 403,
              error: {
                code: 'QUOTA_EXCEEDED',
                message: `Quota '${limits.quota}' exceeded.  Limit: ${limit.toFixed(1)} in region ${region}.`,
              },
            };
          }
          disk.status = 'READY';
          return undefined;
        },
      },
      s.timings.createMs,
      requestIdOf(r),
    );
    return [200, renderOperation(s, op)];
  });

/** `GET …/zones/{zone}/disks/{disk}`. */
export const getDisk = (r: Req, zone: string, name: string): Answer => {
  const d = r.state.disks.get(`${zone}/${name}`);
  return d === undefined ? notFound(diskPath(r.state, zone, name)) : [200, renderDisk(r.state, d)];
};

/** `DELETE …/zones/{zone}/disks/{disk}`: refused while any instance uses the disk. */
export const deleteDisk = (r: Req, zone: string, name: string): Answer =>
  withRequestId(r, () => {
    const s = r.state;
    const d = s.disks.get(`${zone}/${name}`);
    if (d === undefined) return notFound(diskPath(s, zone, name));
    const user = d.users[0];
    if (user !== undefined)
      return apiError(
        400,
        'resourceInUseByAnotherResource',
        `The disk resource '${diskPath(s, zone, name)}' is already being used by '${user.replace(/^.*\/compute\/v1\//, '')}'`,
      );
    d.status = 'DELETING';
    const op = startOperation(
      s,
      r.nowMs,
      {
        zone,
        operationType: 'delete',
        targetLink: diskLink(s, zone, name),
        targetId: d.id,
        complete: () => void s.disks.delete(`${zone}/${name}`),
      },
      s.timings.deleteMs,
      requestIdOf(r),
    );
    return [200, renderOperation(s, op)];
  });

/** `GET …/aggregated/disks` with an optional `filter`. */
export const aggregatedDisks = (r: Req): Answer => {
  const s = r.state;
  const f = parseFilter(r.query.get('filter') ?? '');
  if (typeof f === 'string') return invalidField('filter', r.query.get('filter') ?? '', f);
  const items = [...s.disks.values()]
    .filter((d) =>
      matches(f, (field) =>
        field === 'name'
          ? d.name
          : field === 'status'
            ? d.status
            : field === 'zone'
              ? d.zone
              : d.labels[field.slice(7)],
      ),
    )
    .map((d) => ({ zone: d.zone, body: renderDisk(s, d) }));
  return [200, aggregated(s, 'compute#diskAggregatedList', 'disks', zonesOf(s), items)];
};

/** Every zone that has an instance (the project's zones, for aggregated lists). */
export const zonesOf = (s: SimState): string[] =>
  [...new Set([...s.instances.values()].map((i) => i.zone))].sort();

/** `GET …/zones/{zone}/instances/{instance}`. */
export const getInstance = (r: Req, zone: string, name: string): Answer => {
  const i = r.state.instances.get(`${zone}/${name}`);
  return i === undefined
    ? notFound(instancePath(r.state, zone, name))
    : [200, renderInstance(r.state, i)];
};

/** `GET …/aggregated/instances` with an optional `filter` (`name = …`). */
export const aggregatedInstances = (r: Req): Answer => {
  const s = r.state;
  const f = parseFilter(r.query.get('filter') ?? '');
  if (typeof f === 'string') return invalidField('filter', r.query.get('filter') ?? '', f);
  const items = [...s.instances.values()]
    .filter((i) =>
      matches(f, (field) => (field === 'name' ? i.name : field === 'zone' ? i.zone : undefined)),
    )
    .map((i) => ({ zone: i.zone, body: renderInstance(s, i) }));
  return [200, aggregated(s, 'compute#instanceAggregatedList', 'instances', zonesOf(s), items)];
};

/** `GET …/zones/{zone}/machineTypes/{type}`: `maximumPersistentDisks` is the attach limit. */
export const getMachineType = (r: Req, zone: string, type: string): Answer => {
  const max = r.state.machineTypes[type];
  if (max === undefined)
    return notFound(`projects/${r.state.project}/zones/${zone}/machineTypes/${type}`);
  return [
    200,
    {
      kind: 'compute#machineType',
      name: type,
      zone,
      maximumPersistentDisks: max,
      maximumPersistentDisksSizeGb: '263168',
      isSharedCpu: max === 16,
    },
  ];
};

/** `GET …/zones/{zone}/operations/{operation}` (zoneOperations.get). */
export const getOperation = (r: Req, zone: string, name: string): Answer => {
  const o = r.state.operations.get(name);
  return o === undefined || o.zone !== zone
    ? notFound(`projects/${r.state.project}/zones/${zone}/operations/${name}`)
    : [200, renderOperation(r.state, o)];
};

export { instanceLink, findInstanceByLink };
