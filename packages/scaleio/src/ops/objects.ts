/** Reading objects: list, find by id, find by name, related lists. */
import * as t from 'io-ts';
import { chain, left, right } from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { ScaleIOError } from '../errors.js';
import { Device } from '../objects/device.js';
import { FaultSet } from '../objects/fault-set.js';
import { ProtectionDomain } from '../objects/protection-domain.js';
import { InstancesDocument } from '../objects/responses.js';
import { Sdc } from '../objects/sdc.js';
import { Sds } from '../objects/sds.js';
import { StoragePool } from '../objects/storage-pool.js';
import { System } from '../objects/system.js';
import { Volume, VTree } from '../objects/volume.js';
import {
  decodeWith,
  get,
  instancePath,
  operation,
  relationshipPath,
  typePath,
  type Operation,
} from '../request.js';

/** The object types this client reads, with their codecs. */
export const OBJECT_CODECS = {
  System,
  ProtectionDomain,
  StoragePool,
  FaultSet,
  Sds,
  Device,
  Sdc,
  Volume,
  VTree,
} as const;

/** A ScaleIO object type name as used in URLs (`StoragePool`, `Sds` ...). */
export type ObjectType = keyof typeof OBJECT_CODECS;

/** The decoded object of type `K`. */
export type ObjectOf<K extends ObjectType> = t.TypeOf<(typeof OBJECT_CODECS)[K]>;

const codecOf = <K extends ObjectType>(type: K): t.Type<ObjectOf<K>, unknown, unknown> =>
  OBJECT_CODECS[type] as unknown as t.Type<ObjectOf<K>, unknown, unknown>;

/** `GET /api/types/{Type}/instances`: every object of a type. */
export const listObjects = <K extends ObjectType>(type: K): Operation<ObjectOf<K>[]> =>
  operation(get(typePath(type)), t.array(codecOf(type)), `${type} list`);

/** `GET /api/instances/{Type}::{id}`: one object; a missing one is a `NotFound` error. */
export const findById = <K extends ObjectType>(type: K, id: string): Operation<ObjectOf<K>> =>
  operation(get(instancePath(type, id)), codecOf(type), type);

/** `GET /api/instances/{Type}::{id}/relationships/{Related}`: children of one object. */
export const listRelated = <K extends ObjectType>(
  parentType: ObjectType,
  parentId: string,
  type: K,
): Operation<ObjectOf<K>[]> =>
  operation(
    get(relationshipPath(parentType, parentId, type)),
    t.array(codecOf(type)),
    `${type} list`,
  );

const notFoundByName = (type: string, name: string): ScaleIOError => ({
  _tag: 'NotFound',
  httpStatus: 200,
  errorCode: 3,
  message: `no ${type} named ${JSON.stringify(name)}`,
});

const pickByName =
  <A extends { readonly name?: string | null }>(type: string, name: string) =>
  (list: A[]) => {
    const hit = list.find((o) => o.name === name);
    return hit === undefined ? left(notFoundByName(type, name)) : right(hit);
  };

const byName = <K extends ObjectType>(
  list: Operation<ObjectOf<K>[]>,
  type: K,
  name: string,
): Operation<ObjectOf<K>> => ({
  request: list.request,
  parse: (body) => pipe(list.parse(body), chain(pickByName<ObjectOf<K>>(type, name))),
});

/**
 * Finds an object by name. Names are unique system-wide for protection
 * domains, SDSs and volumes; pools and fault sets are looked up inside their
 * protection domain, devices inside their SDS (pass `scope`). A miss is a
 * `NotFound` error.
 */
export const findByName = <K extends ObjectType>(
  type: K,
  name: string,
  scope?: { readonly type: ObjectType; readonly id: string },
): Operation<ObjectOf<K>> =>
  byName(
    scope === undefined ? listObjects(type) : listRelated(scope.type, scope.id, type),
    type,
    name,
  );

/** `GET /api/instances`: every object of the system in one document. */
export const getInstances = (): Operation<InstancesDocument> => ({
  request: get('/api/instances'),
  parse: decodeWith(InstancesDocument, 'instances document'),
});
