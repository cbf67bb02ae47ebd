/**
 * The admin API under `/sim/` (the simulators' one admin prefix) for out-of-process users such as
 * e2e: JSON bodies decoded with io-ts, each route calling the function the sim object exposes.
 */
import * as t from 'io-ts';
import {
  adminOk as ok,
  answerAdmin,
  instancesRoute,
  timingsRoute,
  VolumeTimingsPatch,
  withJsonBody as withBody,
  type AdminAnswer,
  type AdminRoutes,
} from '@scaleio-framework/testkit';
import { SimInstanceSpec, type Timings } from './options.js';
import type { DiskView } from './views.js';

/** `POST /sim/fail`: the next `count` calls of `method` (e.g. `disks.insert`, or any) answer this error. */
export const FailBody = t.intersection([
  t.type({ status: t.number, reason: t.string, message: t.string }),
  t.partial({ method: t.string, count: t.number }),
]);
/** Body of `POST /sim/fail`. */
export type FailBody = t.TypeOf<typeof FailBody>;

/** `POST /sim/throttle`: the next `count` calls (of `method`, or any) answer 429 rateLimitExceeded. */
export const ThrottleBody = t.intersection([
  t.type({ count: t.number }),
  t.partial({ method: t.string }),
]);

/** `POST /sim/timings`: durations of operations started from now on. */
export const TimingsBody = VolumeTimingsPatch;

/** `POST /sim/quota`: regional quota limits in GB from now on. */
export const QuotaBody = t.exact(t.partial({ SSD_TOTAL_GB: t.number, DISKS_TOTAL_GB: t.number }));

/** What the admin routes act on. */
export interface AdminTarget {
  disks(): DiskView[];
  calls(): readonly string[];
  failNext(rule: FailBody): void;
  throttle(count: number, method?: string): void;
  setTimings(t: Partial<Timings>): boolean;
  setQuota(q: t.TypeOf<typeof QuotaBody>): void;
  /** Adds an instance; false when its name is taken in its zone. */
  addNewInstance(spec: SimInstanceSpec): boolean;
}

const routes = (sim: AdminTarget): AdminRoutes => ({
  'GET /sim/disks': () => [200, sim.disks()],
  'GET /sim/calls': () => [200, sim.calls()],
  'POST /sim/fail': withBody(FailBody, (b) => (sim.failNext(b), ok)),
  'POST /sim/throttle': withBody(ThrottleBody, (b) => (sim.throttle(b.count, b.method), ok)),
  'POST /sim/timings': timingsRoute((b) => sim.setTimings(b)),
  'POST /sim/quota': withBody(QuotaBody, (b) => (sim.setQuota(b), ok)),
  'POST /sim/instances': instancesRoute(SimInstanceSpec, (b) => sim.addNewInstance(b)),
});

/** Answers one `/sim/...` request. */
export const adminAnswer = (
  sim: AdminTarget,
  method: string,
  path: string,
  body: string,
): AdminAnswer => answerAdmin(routes(sim), method, path, body);
