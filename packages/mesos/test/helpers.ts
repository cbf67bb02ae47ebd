import * as E from 'fp-ts/lib/Either.js';
import { agentId, executorId, frameworkId, offerId, taskId } from '../src/index.js';

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
