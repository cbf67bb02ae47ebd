/**
 * Per-type lookup, rendering, relationships and statistics: what the generic GET routes need.
 */
import type { RcKey } from '../errors.js';
import type { Model } from '../model/types.js';
import {
  renderDevice,
  renderFaultSet,
  renderPd,
  renderPool,
  renderSdc,
  renderSds,
  renderVolume,
  renderVTree,
} from '../render/objects.js';
import {
  deviceStats,
  faultSetStats,
  pdStats,
  poolStats,
  sdcStats,
  sdsStats,
  systemStats,
  volumeStats,
  type Stats,
} from '../render/statistics.js';
import { renderSystem } from '../render/system.js';

/** What the routes need to know about one REST type. */
export interface TypeDef {
  notFound: RcKey;
  /** Ids of all objects, in creation order. */
  ids(m: Model): string[];
  /** The object's JSON, or undefined when there is no such object. */
  render(m: Model, id: string): Record<string, unknown> | undefined;
  stats(m: Model, id: string): Stats;
  /** Related object lists by relationship name (Statistics is handled separately). */
  related: Record<string, (m: Model, id: string) => Record<string, unknown>[]>;
}

const renderAll = (m: Model, type: string, ids: string[]): Record<string, unknown>[] =>
  ids.flatMap((id) => {
    const r = types[type]?.render(m, id);
    return r === undefined ? [] : [r];
  });

const mapOf =
  <T>(get: (m: Model) => Map<string, T>, f: (m: Model, x: T) => Record<string, unknown>) =>
  (m: Model, id: string): Record<string, unknown> | undefined => {
    const x = get(m).get(id);
    return x === undefined ? undefined : f(m, x);
  };

const where =
  <T extends { id: string }>(
    get: (m: Model) => Map<string, T>,
    pred: (x: T, id: string) => boolean,
  ) =>
  (m: Model, id: string): string[] =>
    [...get(m).values()].filter((x) => pred(x, id)).map((x) => x.id);

/**
 * A relationship: the objects of `type` in `get(m)` related to the object `id` — those whose
 * field `link` holds that id, or for which `link` says so.
 */
const children =
  <T extends { id: string }>(
    type: string,
    get: (m: Model) => Map<string, T>,
    link: keyof T | ((x: T, id: string) => boolean),
  ) =>
  (m: Model, id: string): Record<string, unknown>[] =>
    renderAll(
      m,
      type,
      where(get, typeof link === 'function' ? link : (x, i) => x[link] === i)(m, id),
    );

/** The REST types the simulator serves. */
export const types: Record<string, TypeDef> = {
  System: {
    notFound: 'NOT_FOUND',
    ids: (m) => (m.mdm === null ? [] : [m.system.id]),
    render: (m, id) => (m.mdm !== null && id === m.system.id ? renderSystem(m, m.mdm) : undefined),
    stats: (m) => systemStats(m),
    related: {
      ProtectionDomain: (m) => renderAll(m, 'ProtectionDomain', [...m.pds.keys()]),
      Sdc: (m) => renderAll(m, 'Sdc', [...m.sdcs.keys()]),
      User: () => [],
    },
  },
  ProtectionDomain: {
    notFound: 'FD_NOT_FOUND',
    ids: (m) => [...m.pds.keys()],
    render: mapOf((m) => m.pds, renderPd),
    stats: pdStats,
    related: {
      StoragePool: children('StoragePool', (m: Model) => m.pools, 'pdId'),
      Sds: children('Sds', (m: Model) => m.sdss, 'pdId'),
      FaultSet: children('FaultSet', (m: Model) => m.faultSets, 'pdId'),
    },
  },
  StoragePool: {
    notFound: 'STORAGE_POOL_NOT_FOUND',
    ids: (m) => [...m.pools.keys()],
    render: mapOf((m) => m.pools, renderPool),
    stats: (m, id) => {
      const p = m.pools.get(id);
      return p === undefined ? {} : poolStats(m, p);
    },
    related: {
      Volume: children('Volume', (m: Model) => m.volumes, 'poolId'),
      Device: children('Device', (m: Model) => m.devices, 'poolId'),
      VTree: (m, id) =>
        [...m.volumes.values()].filter((v) => v.poolId === id).map((v) => renderVTree(m, v)),
    },
  },
  FaultSet: {
    notFound: 'FAULT_SET_NOT_FOUND',
    ids: (m) => [...m.faultSets.keys()],
    render: mapOf((m) => m.faultSets, renderFaultSet),
    stats: faultSetStats,
    related: {
      Sds: children('Sds', (m: Model) => m.sdss, 'faultSetId'),
    },
  },
  Sds: {
    notFound: 'TGT_NOT_FOUND',
    ids: (m) => [...m.sdss.keys()],
    render: mapOf((m) => m.sdss, renderSds),
    stats: sdsStats,
    related: {
      Device: children('Device', (m: Model) => m.devices, 'sdsId'),
      RfcacheDevice: () => [],
    },
  },
  Device: {
    notFound: 'TGT_DEVICE_NOT_FOUND',
    ids: (m) => [...m.devices.keys()],
    render: mapOf((m) => m.devices, renderDevice),
    stats: deviceStats,
    related: {},
  },
  Volume: {
    notFound: 'VOL_NOT_FOUND',
    ids: (m) => [...m.volumes.keys()],
    render: mapOf((m) => m.volumes, renderVolume),
    stats: volumeStats,
    related: {},
  },
  VTree: {
    notFound: 'NOT_FOUND',
    ids: (m) => [...m.volumes.values()].map((v) => v.vtreeId),
    render: (m, id) => {
      const v = [...m.volumes.values()].find((x) => x.vtreeId === id);
      return v === undefined ? undefined : renderVTree(m, v);
    },
    stats: () => ({}),
    related: {
      Volume: children('Volume', (m: Model) => m.volumes, 'vtreeId'),
    },
  },
  Sdc: {
    notFound: 'INI_NOT_FOUND',
    ids: (m) => [...m.sdcs.keys()],
    render: mapOf((m) => m.sdcs, renderSdc),
    stats: sdcStats,
    related: {
      Volume: children(
        'Volume',
        (x) => x.volumes,
        (v, i) => v.mappings.some((mp) => mp.sdcId === i),
      ),
    },
  },
};

/** All objects of a type, rendered. */
export const listType = (m: Model, type: string): Record<string, unknown>[] =>
  renderAll(m, type, types[type]?.ids(m) ?? []);
