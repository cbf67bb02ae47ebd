/** The MDM cluster: `queryMdmCluster` (3.x) or the `mdmCluster` embedded in the System (2.x). */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { ScaleIOError } from '../errors.js';
import { MdmCluster } from '../objects/system.js';
import type { System } from '../objects/system.js';
import { operation, query, type Operation } from '../request.js';

/** `POST /api/instances/System/queryMdmCluster` (no `/action/`). */
export const queryMdmCluster = (): Operation<MdmCluster> =>
  operation(query('/api/instances/System/queryMdmCluster', {}), MdmCluster, 'MDM cluster');

/** The MDM cluster embedded in a 2.x System object, or `NotFound` when absent. */
export const mdmClusterOf = (system: System): Either<ScaleIOError, MdmCluster> =>
  system.mdmCluster === undefined
    ? left({
        _tag: 'NotFound',
        httpStatus: 200,
        errorCode: 3,
        message: 'the System carries no mdmCluster',
      })
    : right(system.mdmCluster);

/** True when an error from `queryMdmCluster` means "this gateway has no such endpoint" (2.x). */
export const isMissingEndpoint = (e: ScaleIOError): boolean =>
  (e._tag === 'NotFound' || e._tag === 'Gateway' || e._tag === 'InvalidRequest') &&
  (e.httpStatus === 404 || e.httpStatus === 405 || (e.httpStatus === 400 && e.errorCode === 0));
