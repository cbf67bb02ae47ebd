/**
 * Resources as the REST API renders them (field names and string-encoded int64s as in the
 * reference: https://cloud.google.com/compute/docs/reference/rest/v1/disks#resource:-disk,
 * …/instances#resource:-instance, …/zoneOperations#resource:-operation).
 */
import {
  diskLink,
  instanceLink,
  zoneLink,
  type Disk,
  type Instance,
  type Operation,
  type SimState,
} from './model.js';

const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace('Z', '-00:00');

/** A `compute#disk`. */
export const renderDisk = (s: SimState, d: Disk): Record<string, unknown> => ({
  kind: 'compute#disk',
  id: d.id,
  creationTimestamp: rfc3339(d.createdAtMs),
  name: d.name,
  ...(d.description === undefined ? {} : { description: d.description }),
  sizeGb: String(d.sizeGb),
  zone: zoneLink(s, d.zone),
  status: d.status,
  selfLink: diskLink(s, d.zone, d.name),
  type: `${zoneLink(s, d.zone)}/diskTypes/${d.type}`,
  labels: d.labels,
  labelFingerprint: Buffer.from(JSON.stringify(d.labels)).toString('base64').slice(0, 12),
  physicalBlockSizeBytes: '4096',
  ...(d.users.length === 0 ? {} : { users: d.users }),
  ...(d.lastAttachMs === undefined ? {} : { lastAttachTimestamp: rfc3339(d.lastAttachMs) }),
  ...(d.lastDetachMs === undefined ? {} : { lastDetachTimestamp: rfc3339(d.lastDetachMs) }),
  ...(d.kmsKeyName === undefined ? {} : { diskEncryptionKey: { kmsKeyName: d.kmsKeyName } }),
});

/** A `compute#instance` (the fields the framework reads, and the usual companions). */
export const renderInstance = (s: SimState, i: Instance): Record<string, unknown> => ({
  kind: 'compute#instance',
  id: i.id,
  name: i.name,
  zone: zoneLink(s, i.zone),
  machineType: `${zoneLink(s, i.zone)}/machineTypes/${i.machineType}`,
  status: 'RUNNING',
  selfLink: instanceLink(s, i.zone, i.name),
  disks: i.disks.map((d) => ({
    kind: 'compute#attachedDisk',
    type: 'PERSISTENT',
    mode: 'READ_WRITE',
    source: d.source,
    deviceName: d.deviceName,
    index: d.index,
    boot: d.boot,
    autoDelete: d.autoDelete,
    interface: 'SCSI',
  })),
});

/** A `compute#operation`. */
export const renderOperation = (s: SimState, o: Operation): Record<string, unknown> => ({
  kind: 'compute#operation',
  id: o.id,
  name: o.name,
  zone: zoneLink(s, o.zone),
  operationType: o.operationType,
  targetLink: o.targetLink,
  targetId: o.targetId,
  status: o.status,
  user: 'scaleio-framework@sim.iam.gserviceaccount.com',
  progress: o.status === 'DONE' ? 100 : 0,
  insertTime: rfc3339(o.insertMs),
  startTime: rfc3339(o.insertMs),
  ...(o.endMs === undefined ? {} : { endTime: rfc3339(o.endMs) }),
  selfLink: `${zoneLink(s, o.zone)}/operations/${o.name}`,
  ...(o.error === undefined
    ? {}
    : {
        error: { errors: o.error.errors },
        httpErrorStatusCode: o.error.httpStatus,
        httpErrorMessage: o.error.httpMessage,
      }),
});

/**
 * An `aggregatedList` body: every zone of the project is a scope; a scope with nothing carries the
 * `NO_RESULTS_ON_PAGE` warning instead of its list, as the real API does.
 */
export const aggregated = (
  s: SimState,
  kind: string,
  key: 'disks' | 'instances',
  zones: readonly string[],
  items: ReadonlyArray<{ zone: string; body: Record<string, unknown> }>,
): Record<string, unknown> => ({
  kind,
  id: `projects/${s.project}/aggregated/${key}`,
  selfLink: `https://www.googleapis.com/compute/v1/projects/${s.project}/aggregated/${key}`,
  items: Object.fromEntries(
    zones.map((z) => {
      const mine = items.filter((i) => i.zone === z).map((i) => i.body);
      const scope = `zones/${z}`;
      return [
        scope,
        mine.length > 0
          ? { [key]: mine }
          : {
              warning: {
                code: 'NO_RESULTS_ON_PAGE',
                message: `There are no results for scope '${scope}' on this page.`,
                data: [{ key: 'scope', value: scope }],
              },
            },
      ];
    }),
  ),
});
