/** Statistics: of one object, selected properties of many objects, or of several types at once. */
import * as t from 'io-ts';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { decodeError, type ScaleIOError } from '../errors.js';
import { Statistics, StatisticsById, type StatisticsProperty } from '../objects/statistics.js';
import {
  get,
  operation,
  query,
  relationshipPath,
  typeActionPath,
  type Operation,
} from '../request.js';
import type { ObjectType } from './objects.js';

/** `GET /api/instances/{Type}::{id}/relationships/Statistics`: every statistic of one object. */
export const statisticsOf = (type: ObjectType, id: string): Operation<Statistics> =>
  operation(get(relationshipPath(type, id, 'Statistics')), Statistics, `${type} statistics`);

/** Which objects a selected-statistics query covers. */
export type Selection = 'all' | { readonly ids: readonly string[] };

/** Names of the properties to ask for (typed ones, or any other string the gateway knows). */
export type PropertyName = StatisticsProperty | (string & {});

const selectionBody = (selection: Selection): Record<string, unknown> =>
  selection === 'all' ? { allIds: '' } : { ids: [...selection.ids] };

/**
 * `POST /api/types/{Type}/instances/action/querySelectedStatistics`: the
 * given properties of many objects of one type, keyed by object id.
 * (For the System, use {@link querySystemStatistics}: its answer is flat.)
 */
export const querySelectedStatistics = (
  type: Exclude<ObjectType, 'System'>,
  selection: Selection,
  properties: readonly PropertyName[],
): Operation<StatisticsById> =>
  operation(
    query(typeActionPath(type, 'querySelectedStatistics'), {
      ...selectionBody(selection),
      properties: [...properties],
    }),
    StatisticsById,
    `${type} selected statistics`,
  );

/** Selected statistics of the System (a flat object, no ids). */
export const querySystemStatistics = (properties: readonly PropertyName[]): Operation<Statistics> =>
  operation(
    query(typeActionPath('System', 'querySelectedStatistics'), { properties: [...properties] }),
    Statistics,
    'System selected statistics',
  );

/** One entry of a multi-type statistics query. */
export interface StatisticsQuery {
  /** Object type. */
  readonly type: ObjectType;
  /** Objects to cover (ignored for `System`). */
  readonly selection: Selection;
  /** Properties to return. */
  readonly properties: readonly PropertyName[];
}

/** Answer of a multi-type query: flat System statistics, and per-type maps by id. */
export interface MultiStatistics {
  /** System statistics, when asked for. */
  readonly system?: Statistics;
  /** For every other type asked for: statistics by object id. */
  readonly byType: Readonly<Partial<Record<ObjectType, StatisticsById>>>;
}

const parseMulti = (body: unknown): Either<ScaleIOError, MultiStatistics> => {
  const rec = t.UnknownRecord.decode(body);
  if (rec._tag === 'Left') return left(decodeError('selected statistics', rec.left));
  let system: Statistics | undefined;
  const byType: Partial<Record<ObjectType, StatisticsById>> = {};
  for (const [key, value] of Object.entries(rec.right)) {
    if (key === 'System') {
      const s = Statistics.decode(value);
      if (s._tag === 'Left') return left(decodeError('System statistics', s.left));
      system = s.right;
    } else {
      const m = StatisticsById.decode(value);
      if (m._tag === 'Left') return left(decodeError(`${key} statistics`, m.left));
      byType[key as ObjectType] = m.right;
    }
  }
  return right(system === undefined ? { byType } : { system, byType });
};

/** `POST /api/instances/querySelectedStatistics`: several types in one round trip. */
export const queryMultiStatistics = (
  queries: readonly StatisticsQuery[],
): Operation<MultiStatistics> => ({
  request: query('/api/instances/querySelectedStatistics', {
    selectedStatisticsList: queries.map((q) =>
      q.type === 'System'
        ? { type: q.type, properties: [...q.properties] }
        : { type: q.type, ...selectionBody(q.selection), properties: [...q.properties] },
    ),
  }),
  parse: parseMulti,
});
