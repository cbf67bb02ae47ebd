/**
 * REST creates (`POST /api/types/<Type>/instances`) and object actions
 * (`POST /api/instances/<Type>::<id>/action/<action>`).
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { badRequest, mdmError, type SimError } from '../errors.js';
import {
  CreateDevice,
  CreateFaultSet,
  CreatePd,
  CreatePool,
  CreateSds,
  CreateVolume,
  MapSdc,
  REMOVE_MODES,
  SdcLimits,
  UnmapSdc,
} from '../model/inputs.js';
import {
  createDevice,
  createSds,
  removeDevice,
  removeSds,
  renameDevice,
  renameSds,
} from '../model/sds.js';
import {
  checkSpare,
  createFaultSet,
  createPd,
  createPool,
  removeFaultSet,
  removePd,
  removePool,
  renameFaultSet,
  renamePd,
  renamePool,
} from '../model/storage.js';
import type { Model } from '../model/types.js';
import { setMaintenance } from '../model/components.js';
import {
  mapVolume,
  removeVolume,
  renameVolume,
  resizeVolume,
  setLimits,
  unmapVolume,
  createVolume,
} from '../model/volumes.js';
import { BoolLike, decodeBody, NumLike } from './body.js';

/** What a mutation answers: `{id}` for creates, nothing for actions. */
export type MutationResult = { id: string } | null;

type Create = (m: Model, body: unknown) => E.Either<SimError, { id: string }>;

const create =
  <A>(
    codec: t.Decoder<unknown, A>,
    required: string[],
    f: (m: Model, a: A) => E.Either<SimError, { id: string }>,
  ): Create =>
  (m, body) => {
    const a = decodeBody(codec, body, required);
    return E.isLeft(a) ? a : f(m, a.right);
  };

const creates: Record<string, Create> = {
  ProtectionDomain: create(CreatePd, [], createPd),
  StoragePool: create(CreatePool, ['protectionDomainId'], createPool),
  FaultSet: create(CreateFaultSet, ['protectionDomainId'], createFaultSet),
  Sds: create(CreateSds, ['protectionDomainId', 'sdsIpList'], createSds),
  Device: create(CreateDevice, ['sdsId', 'storagePoolId'], createDevice),
  Volume: create(CreateVolume, ['volumeSizeInKb', 'storagePoolId'], createVolume),
};

/** Handles `POST /api/types/<Type>/instances`. */
export const createObject = (
  m: Model,
  type: string,
  body: unknown,
): E.Either<SimError, { id: string }> => {
  const f = creates[type];
  return f === undefined
    ? E.left(badRequest(`Creating ${type} objects is not supported`))
    : f(m, body);
};

type Action = (m: Model, id: string, body: unknown) => E.Either<SimError, void>;

const on =
  <T, A>(
    get: (m: Model) => Map<string, T>,
    codec: t.Decoder<unknown, A>,
    required: string[],
    f: (m: Model, x: T, a: A) => E.Either<SimError, void>,
  ): Action =>
  (m, id, body) => {
    const x = get(m).get(id);
    if (x === undefined) return E.left(mdmError('NOT_FOUND'));
    const a = decodeBody(codec, body, required);
    return E.isLeft(a) ? a : f(m, x, a.right);
  };

const Empty = t.UnknownRecord;
const Name = t.type({ name: t.string });
const NewName = t.type({ newName: t.string });
const RemoveMode = t.type({ removeMode: t.string });

const actions: Record<string, Record<string, Action>> = {
  ProtectionDomain: {
    removeProtectionDomain: on(
      (m) => m.pds,
      Empty,
      [],
      (m, pd) => removePd(m, pd),
    ),
    setProtectionDomainName: on(
      (m) => m.pds,
      Name,
      ['name'],
      (m, pd, a) => renamePd(m, pd, a.name),
    ),
    activateProtectionDomain: on(
      (m) => m.pds,
      Empty,
      [],
      (_m, pd) => {
        pd.state = 'Active';
        return E.right(undefined);
      },
    ),
    inactivateProtectionDomain: on(
      (m) => m.pds,
      Empty,
      [],
      (_m, pd) => {
        pd.state = 'Inactive';
        return E.right(undefined);
      },
    ),
  },
  StoragePool: {
    removeStoragePool: on(
      (m) => m.pools,
      Empty,
      [],
      (m, p) => removePool(m, p),
    ),
    setStoragePoolName: on(
      (m) => m.pools,
      Name,
      ['name'],
      (m, p, a) => renamePool(m, p, a.name),
    ),
    setSparePercentage: on(
      (m) => m.pools,
      t.type({ sparePercentage: NumLike }),
      ['sparePercentage'],
      (_m, p, a) => {
        const s = checkSpare(a.sparePercentage);
        if (E.isRight(s)) p.sparePercentage = s.right;
        return E.isLeft(s) ? s : E.right(undefined);
      },
    ),
    setCapacityAlertThresholds: on(
      (m) => m.pools,
      t.type({
        capacityAlertHighThresholdPercent: t.union([NumLike, t.undefined]),
        capacityAlertCriticalThresholdPercent: t.union([NumLike, t.undefined]),
      }),
      [],
      (_m, p, a) => {
        p.capacityAlertHighThreshold =
          a.capacityAlertHighThresholdPercent ?? p.capacityAlertHighThreshold;
        p.capacityAlertCriticalThreshold =
          a.capacityAlertCriticalThresholdPercent ?? p.capacityAlertCriticalThreshold;
        return E.right(undefined);
      },
    ),
    setZeroPaddingPolicy: on(
      (m) => m.pools,
      t.type({ zeroPadEnabled: BoolLike }),
      ['zeroPadEnabled'],
      (_m, p, a) => {
        p.zeroPaddingEnabled = a.zeroPadEnabled;
        return E.right(undefined);
      },
    ),
  },
  FaultSet: {
    removeFaultSet: on(
      (m) => m.faultSets,
      Empty,
      [],
      (m, f) => removeFaultSet(m, f),
    ),
    setFaultSetName: on(
      (m) => m.faultSets,
      NewName,
      ['newName'],
      (m, f, a) => renameFaultSet(m, f, a.newName),
    ),
  },
  Sds: {
    removeSds: on(
      (m) => m.sdss,
      Empty,
      [],
      (m, s) => removeSds(m, s),
    ),
    setSdsName: on(
      (m) => m.sdss,
      Name,
      ['name'],
      (m, s, a) => renameSds(m, s, a.name),
    ),
    // SDS maintenance mode (2.x `maintenanceState`; model/components.ts cites its behaviour).
    enterMaintenanceMode: on(
      (m) => m.sdss,
      Empty,
      [],
      (m, s) => E.map(() => undefined)(setMaintenance(m, s, true)),
    ),
    exitMaintenanceMode: on(
      (m) => m.sdss,
      Empty,
      [],
      (m, s) => E.map(() => undefined)(setMaintenance(m, s, false)),
    ),
  },
  Device: {
    removeDevice: on(
      (m) => m.devices,
      Empty,
      [],
      (m, d) => removeDevice(m, d),
    ),
    setDeviceName: on(
      (m) => m.devices,
      NewName,
      ['newName'],
      (m, d, a) => renameDevice(m, d, a.newName),
    ),
  },
  Volume: {
    addMappedSdc: on((m) => m.volumes, MapSdc, [], mapVolume),
    removeMappedSdc: on((m) => m.volumes, UnmapSdc, [], unmapVolume),
    setMappedSdcLimits: on((m) => m.volumes, SdcLimits, ['sdcId'], setLimits),
    setVolumeSize: on(
      (m) => m.volumes,
      t.type({ sizeInGB: NumLike }),
      ['sizeInGB'],
      (m, v, a) => resizeVolume(m, v, a.sizeInGB),
    ),
    setVolumeName: on(
      (m) => m.volumes,
      NewName,
      ['newName'],
      (m, v, a) => renameVolume(m, v, a.newName),
    ),
    removeVolume: on(
      (m) => m.volumes,
      RemoveMode,
      ['removeMode'],
      (m, v, a) =>
        (REMOVE_MODES as readonly string[]).includes(a.removeMode)
          ? removeVolume(m, v)
          : E.left(
              badRequest(
                `removeMode should get one of the following values: ${REMOVE_MODES.join(', ')}, but its value is ${a.removeMode}.`,
              ),
            ),
    ),
  },
  Sdc: {
    setSdcName: on(
      (m) => m.sdcs,
      t.type({ sdcName: t.string }),
      ['sdcName'],
      (_m, s, a) => {
        s.name = a.sdcName;
        return E.right(undefined);
      },
    ),
    removeSdc: on(
      (m) => m.sdcs,
      Empty,
      [],
      (m, s) => {
        if ([...m.volumes.values()].some((v) => v.mappings.some((x) => x.sdcId === s.id)))
          return E.left(mdmError('INI_HAS_MAPPINGS'));
        m.sdcs.delete(s.id);
        return E.right(undefined);
      },
    ),
  },
};

/** True when the type has an action of that name. */
export const hasAction = (type: string, action: string): boolean =>
  actions[type]?.[action] !== undefined;

/** Handles `POST /api/instances/<Type>::<id>/action/<action>` (the object is known to exist). */
export const runAction = (
  m: Model,
  type: string,
  id: string,
  action: string,
  body: unknown,
): E.Either<SimError, void> => {
  const f = actions[type]?.[action];
  return f === undefined
    ? E.left(badRequest(`Unknown action ${action} for ${type}`))
    : f(m, id, body);
};
