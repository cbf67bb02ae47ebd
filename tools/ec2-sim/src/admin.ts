/** Codecs of the simulator's admin endpoints (`/_sim/...`), used by CLI users such as e2e. */
import * as t from 'io-ts';

/** `POST /_sim/throttle`: the next `count` calls (of `action`, or any) get RequestLimitExceeded. */
export const ThrottleBody = t.intersection([
  t.type({ count: t.number }),
  t.partial({ action: t.string }),
]);
/** Body of `POST /_sim/throttle`. */
export type ThrottleBody = t.TypeOf<typeof ThrottleBody>;

/** `POST /_sim/fail`: the next `count` calls of `action` answer with this EC2 error. */
export const FailBody = t.intersection([
  t.type({ code: t.string, message: t.string }),
  t.partial({ action: t.string, status: t.number, count: t.number }),
]);
/** Body of `POST /_sim/fail`. */
export type FailBody = t.TypeOf<typeof FailBody>;

/**
 * `POST /_sim/timings`: changes the simulated durations from now on (absent fields keep theirs);
 * transitions already under way keep the end time they were given.
 */
export const TimingsBody = t.exact(
  t.partial({ createMs: t.number, attachMs: t.number, detachMs: t.number, deleteMs: t.number }),
);
/** Body of `POST /_sim/timings`. */
export type TimingsBody = t.TypeOf<typeof TimingsBody>;

/** `POST /_sim/terminate`: terminates an instance. */
export const TerminateBody = t.type({ instanceId: t.string });
/** Body of `POST /_sim/terminate`. */
export type TerminateBody = t.TypeOf<typeof TerminateBody>;
