/**
 * The admin API under `/sim/` (the simulators' one admin prefix), for out-of-process users such as
 * e2e: plain JSON bodies decoded with io-ts, each route calling the same in-process function the
 * sim object exposes.
 */
import type { ServerResponse } from 'node:http';
import * as t from 'io-ts';
import {
  adminOk as ok,
  answerAdmin,
  instancesRoute,
  sendJson,
  timingsRoute,
  VolumeTimingsPatch,
  withJsonBody as withBody,
  type AdminRoutes,
} from '@scaleio-framework/testkit';
import { SimInstanceSpec, type Timings } from './options.js';
import type { VolumeView } from './views.js';

/** `POST /sim/throttle`: the next `count` calls (of `action`, or any) get RequestLimitExceeded. */
export const ThrottleBody = t.intersection([
  t.type({ count: t.number }),
  t.partial({ action: t.string }),
]);
/** Body of `POST /sim/throttle`. */
export type ThrottleBody = t.TypeOf<typeof ThrottleBody>;

/** `POST /sim/fail`: the next `count` calls of `action` answer with this EC2 error. */
export const FailBody = t.intersection([
  t.type({ code: t.string, message: t.string }),
  t.partial({ action: t.string, status: t.number, count: t.number }),
]);
/** Body of `POST /sim/fail`. */
export type FailBody = t.TypeOf<typeof FailBody>;

/**
 * `POST /sim/timings`: changes the simulated durations from now on (absent fields keep theirs);
 * transitions already under way keep the end time they were given.
 */
export const TimingsBody = VolumeTimingsPatch;
/** Body of `POST /sim/timings`. */
export type TimingsBody = t.TypeOf<typeof TimingsBody>;

/** `POST /sim/terminate`: terminates an instance. */
export const TerminateBody = t.type({ instanceId: t.string });
/** Body of `POST /sim/terminate`. */
export type TerminateBody = t.TypeOf<typeof TerminateBody>;

/** `POST /sim/guest`: the guest starts (`held: true`) or stops using a volume's device (`guest.ts`). */
export const GuestBody = t.type({ volumeId: t.string, held: t.boolean });
/** Body of `POST /sim/guest`. */
export type GuestBody = t.TypeOf<typeof GuestBody>;

/** What the admin routes act on: the sim object's own functions. */
export interface AdminTarget {
  volumes(): VolumeView[];
  throttle(count: number, action?: string): void;
  failNext(rule: FailBody): void;
  setTimings(t: Partial<Timings>): boolean;
  timings(): Timings;
  terminateInstance(instanceId: string): boolean;
  /** Adds an instance; false when its id is taken. */
  addNewInstance(spec: SimInstanceSpec): boolean;
  /** The guest's hold on a volume's device (a busy device does not detach). */
  setGuestHold(volumeId: string, held: boolean): void;
}

const routes = (sim: AdminTarget): AdminRoutes => ({
  'GET /sim/volumes': () => [200, sim.volumes()],
  'POST /sim/throttle': withBody(ThrottleBody, (b) => (sim.throttle(b.count, b.action), ok)),
  'POST /sim/fail': withBody(FailBody, (b) => (sim.failNext(b), ok)),
  'POST /sim/timings': timingsRoute(
    (b) => sim.setTimings(b),
    () => [200, { ok: true, timings: sim.timings() }],
  ),
  'POST /sim/terminate': withBody(TerminateBody, (b) =>
    sim.terminateInstance(b.instanceId) ? ok : [404, { error: 'no such instance' }],
  ),
  'POST /sim/guest': withBody(GuestBody, (b) => (sim.setGuestHold(b.volumeId, b.held), ok)),
  'POST /sim/instances': instancesRoute(SimInstanceSpec, (b) => sim.addNewInstance(b)),
});

/** Answers one `/sim/...` request. */
export const handleAdmin = (
  sim: AdminTarget,
  res: ServerResponse,
  method: string,
  path: string,
  body: string,
): void => sendJson(res, answerAdmin(routes(sim), method, path, body));
