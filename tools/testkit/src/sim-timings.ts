/**
 * The simulated durations of the cloud simulators' volume lifecycle (`ec2-sim`, `gce-sim`): one
 * codec, one default, one validated change at run time, and the `--<x>-ms` flags that set them.
 *
 * @module
 */
import * as t from 'io-ts';

/**
 * Codec of the simulated durations, in milliseconds of the simulator's clock: how long a create,
 * an attach, a detach and a delete take before they are done (each simulator says what "done"
 * means on its wire).
 */
export const VolumeTimings = t.type({
  createMs: t.number,
  attachMs: t.number,
  detachMs: t.number,
  deleteMs: t.number,
});
/** Simulated durations. */
export type VolumeTimings = t.TypeOf<typeof VolumeTimings>;

/** Codec of a change of some durations (absent fields keep theirs); extra fields are dropped. */
export const VolumeTimingsPatch = t.exact(t.partial(VolumeTimings.props));
/** A change of some durations. */
export type VolumeTimingsPatch = t.TypeOf<typeof VolumeTimingsPatch>;

/** Default durations: short enough for tests, long enough that clients' waits are exercised. */
export const defaultVolumeTimings: VolumeTimings = {
  createMs: 150,
  attachMs: 150,
  detachMs: 100,
  deleteMs: 50,
};

/**
 * Applies `patch` to `timings` in place (absent or `undefined` fields keep theirs); refuses it
 * whole (false, nothing changed) when a given value is not a finite, non-negative number.
 */
export const patchTimings = (
  timings: VolumeTimings,
  patch: { readonly [K in keyof VolumeTimings]?: number | undefined },
): boolean => {
  const given = Object.entries(patch).filter(([, v]) => v !== undefined);
  if (given.some(([, v]) => typeof v !== 'number' || !Number.isFinite(v) || v < 0)) return false;
  Object.assign(timings, Object.fromEntries(given));
  return true;
};

/** The command-line flag of each duration (`--create-ms <n>`, …). */
export const TIMING_FLAGS: Readonly<Record<keyof VolumeTimings, string>> = {
  createMs: 'create-ms',
  attachMs: 'attach-ms',
  detachMs: 'detach-ms',
  deleteMs: 'delete-ms',
};
