/**
 * The v1 API's calls and events (internal: not re-exported by the package): unions told apart by
 * their `type` field, and the members of the event unions.
 *
 * @module
 */
import * as t from 'io-ts';
import { struct, taggedUnion } from './base.js';

/** A union of calls or events named `name`, told apart by `type` (as every v1 message is). */
export const typeUnion = <CS extends readonly [t.Mixed, ...t.Mixed[]]>(
  name: string,
  members: CS,
): t.Type<t.TypeOf<CS[number]>, t.OutputOf<CS[number]>, unknown> =>
  taggedUnion(name, 'type', members);

/** The member factory of an event union: `{ type: <type>, ...payload }`, named `<prefix>.<type>`. */
export const eventMember =
  (prefix: string) =>
  <K extends string, R extends t.Props>(type: K, payload: R) =>
    struct(`${prefix}.${type}`, { type: t.literal(type), ...payload }, {});
