/**
 * Type-level queries: `queryIdByKey`, `queryBySelectedIds`, `querySelectedStatistics` (per type
 * and the multi-type form).
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { badRequest, mdmError, type SimError } from '../errors.js';
import type { Model } from '../model/types.js';
import type { Stats } from '../render/statistics.js';
import { decodeBody } from './body.js';
import { listType, types } from './registry.js';

const opt = <C extends t.Mixed>(c: C) => t.union([c, t.undefined]);

const Selection = t.type({
  ids: opt(t.array(t.string)),
  allIds: opt(t.unknown),
  properties: t.array(t.string),
});
type Selection = t.TypeOf<typeof Selection>;
const MultiSelection = t.type({
  selectedStatisticsList: t.array(t.intersection([t.type({ type: t.string }), Selection])),
});

const pick = (s: Stats, properties: string[]): E.Either<SimError, Stats> => {
  const unknown = properties.filter((p) => !(p in s));
  if (unknown.length > 0)
    return E.left(badRequest(`Invalid statistics properties: ${unknown.join(', ')}`));
  return E.right(Object.fromEntries(properties.map((p) => [p, s[p]])));
};

const selectStats = (m: Model, type: string, sel: Selection): E.Either<SimError, unknown> => {
  const def = types[type];
  if (def === undefined) return E.left(badRequest(`Unknown type ${type}`));
  if (type === 'System') return pick(def.stats(m, m.system.id), sel.properties);
  const all = def.ids(m);
  const ids = sel.allIds !== undefined ? all : (sel.ids ?? []);
  const out: Record<string, Stats> = {};
  for (const id of ids) {
    if (!all.includes(id)) return E.left(mdmError(def.notFound));
    const s = pick(def.stats(m, id), sel.properties);
    if (E.isLeft(s)) return s;
    out[id] = s.right;
  }
  return E.right(out);
};

/** `POST /api/instances/querySelectedStatistics` */
export const queryMultiStats = (m: Model, body: unknown): E.Either<SimError, unknown> => {
  const b = decodeBody(MultiSelection, body, ['selectedStatisticsList']);
  if (E.isLeft(b)) return b;
  const out: Record<string, unknown> = {};
  for (const sel of b.right.selectedStatisticsList) {
    const r = selectStats(m, sel.type, sel);
    if (E.isLeft(r)) return r;
    out[sel.type] = r.right;
  }
  return E.right(out);
};

const Key = t.type({
  name: opt(t.string),
  protectionDomainId: opt(t.string),
  protectionDomainName: opt(t.string),
  sdcIp: opt(t.string),
  sdcGuid: opt(t.string),
});

const matchKey = (
  m: Model,
  type: string,
  o: Record<string, unknown>,
  k: t.TypeOf<typeof Key>,
): boolean => {
  if (k.name !== undefined && o['name'] !== k.name) return false;
  if (k.sdcIp !== undefined && o['sdcIp'] !== k.sdcIp) return false;
  if (k.sdcGuid !== undefined && String(o['sdcGuid']).toUpperCase() !== k.sdcGuid.toUpperCase())
    return false;
  if (type === 'StoragePool' || type === 'FaultSet' || type === 'Sds') {
    if (k.protectionDomainId !== undefined && o['protectionDomainId'] !== k.protectionDomainId)
      return false;
    if (k.protectionDomainName !== undefined) {
      const pd = m.pds.get(String(o['protectionDomainId']));
      if (pd?.name !== k.protectionDomainName) return false;
    }
  }
  return k.name !== undefined || k.sdcIp !== undefined || k.sdcGuid !== undefined;
};

/** `POST /api/types/<Type>/instances/action/<action>` */
export const typeAction = (
  m: Model,
  type: string,
  action: string,
  body: unknown,
): E.Either<SimError, unknown> => {
  if (types[type] === undefined) return E.left(badRequest(`Unknown type ${type}`));
  switch (action) {
    case 'querySelectedStatistics': {
      const b = decodeBody(Selection, body, ['properties']);
      return E.isLeft(b) ? b : selectStats(m, type, b.right);
    }
    case 'queryIdByKey': {
      const k = decodeBody(Key, body);
      if (E.isLeft(k)) return k;
      const hit = listType(m, type).find((o) => matchKey(m, type, o, k.right));
      return hit === undefined ? E.left(mdmError('NOT_FOUND')) : E.right(hit['id']);
    }
    case 'queryBySelectedIds': {
      const b = decodeBody(t.type({ ids: t.array(t.string) }), body, ['ids']);
      if (E.isLeft(b)) return b;
      const ids = new Set(b.right.ids);
      return E.right(listType(m, type).filter((o) => ids.has(String(o['id']))));
    }
    default:
      return E.left(badRequest(`Unknown action ${action} for type ${type}`));
  }
};
