import * as E from 'fp-ts/lib/Either.js';
import { agentId, executorId, frameworkId, offerId, taskId, type Resource } from '../src/index.js';

/** Unwrap a Right or fail the test with the Left. */
export const unwrap = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left).slice(0, 400)}`);
  return e.right;
};

export const F = unwrap(frameworkId('F'));
export const S0 = unwrap(agentId('S0'));
export const EX = unwrap(executorId('E'));
export const tid = (v: string) => unwrap(taskId(v));
export const oid = (v: string) => unwrap(offerId(v));

/** Role `*`, allocated to the framework's `storage` role: how offers carry resources. */
const offered = { role: '*', allocation_info: { role: 'storage' } } as const;

/** A scalar resource (`cpus`, `mem`, `disk`) as offers carry it; `extra` overrides fields. */
export const scalarRes = (
  name: string,
  value: number,
  extra: Partial<Resource> = {},
): Resource => ({
  name,
  type: 'SCALAR',
  scalar: { value },
  ...offered,
  ...extra,
});

/** A `ports` resource of these ranges as offers carry it (`allocated: false`: no allocation_info). */
export const portsRes = (ranges: readonly [number, number][], allocated = true): Resource => ({
  name: 'ports',
  type: 'RANGES',
  ranges: { range: ranges.map(([begin, end]) => ({ begin, end })) },
  ...(allocated ? offered : { role: '*' }),
});
