/**
 * Idempotent creation: find by (deterministic) name first, create only when
 * absent, and treat "name in use / already exists" from a racing or retried
 * create as success by reading the object back. A retry never duplicates.
 */
import { isLeft, right, type Either } from 'fp-ts/lib/Either.js';
import type { ScaleIOError } from '../errors.js';
import type { Operation } from '../request.js';

/** Runs one operation (what `ScaleIOClient.run` is). */
export type Run = <A>(op: Operation<A>) => Promise<Either<ScaleIOError, A>>;

/** The id of an ensured object and whether this call created it. */
export interface Ensured<I> {
  /** The object's id. */
  readonly id: I;
  /** True when this call created the object. */
  readonly created: boolean;
}

const isDuplicate = (e: ScaleIOError): boolean =>
  e._tag === 'NameInUse' || e._tag === 'AlreadyExists';

/**
 * Returns the id of the object `find` locates, creating it with `create`
 * when `find` answers `NotFound`.
 * @example
 * await ensure(client.run, findByName('ProtectionDomain', 'pd1'), createProtectionDomain({ name: 'pd1' }));
 */
export const ensure = async <I extends string>(
  run: Run,
  find: Operation<{ readonly id: I }>,
  create: Operation<I>,
): Promise<Either<ScaleIOError, Ensured<I>>> => {
  const found = await run(find);
  if (!isLeft(found)) return right({ id: found.right.id, created: false });
  if (found.left._tag !== 'NotFound') return found;
  const made = await run(create);
  if (!isLeft(made)) return right({ id: made.right, created: true });
  if (!isDuplicate(made.left)) return made;
  const again = await run(find);
  return isLeft(again) ? again : right({ id: again.right.id, created: false });
};
