/**
 * The scheduler client: keeps one subscription alive and exposes its events as an async
 * iterable. It finds the master (URL list or `zk://`), follows and pins redirects, watches
 * heartbeats, resubscribes with capped exponential backoff and jitter (starting over only after a
 * stable subscription), fails over with the stored framework id, and classifies every error as
 * retryable, subscription lost, or fatal. A SUBSCRIBED it cannot use is a protocol error (the
 * subscription is dropped and retried); a removed framework is fatal.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { FrameworkID } from '../codecs/base.js';
import type { FrameworkInfo } from '../codecs/framework.js';
import type { SchedulerCall, SchedulerEvent } from '../codecs/scheduler.js';
import type { MesosError } from '../errors.js';
import { classifyError, describeError, FRAMEWORK_REMOVED } from '../errors.js';
import { decodeSchedulerEvent, streamEvents } from '../events.js';
import type { Transport } from '../http.js';
import { gotTransport } from '../http.js';
import { subscribeCall } from '../calls/scheduler-calls.js';
import type { BackoffPolicy, Clock, Random } from '../time.js';
import { DEFAULT_BACKOFF, backoffDelay, createSleeper, systemClock } from '../time.js';
import type { CallResult, OpenSubscription } from './connection.js';
import { openSubscription, sendCall } from './connection.js';
import type { MasterSource } from './masters.js';
import { detectLeader, parseMasterSource } from './masters.js';

/** Options of {@link createSchedulerClient}. */
export interface SchedulerClientOptions {
  /** `http://m1:5050,http://m2:5050`, a list of URLs, or `zk://h1:2181,h2:2181/mesos`. */
  readonly master: string | readonly string[];
  readonly frameworkInfo: FrameworkInfo;
  /** The stored framework id: subscribe as a failover of that framework. */
  readonly frameworkId?: FrameworkID;
  /** Persist a newly assigned framework id; called before SUBSCRIBED is handed out. */
  readonly saveFrameworkId?: (id: FrameworkID) => Promise<void>;
  readonly suppressedRoles?: readonly string[];
  readonly transport?: Transport;
  readonly clock?: Clock;
  readonly random?: Random;
  readonly backoff?: BackoffPolicy;
  /** Missed heartbeats before the link counts as dead (default 5, i.e. 75 s at 15 s). */
  readonly heartbeatMisses?: number;
  /** Per-request timeout for headers and for calls (default 30 s). */
  readonly requestTimeoutMs?: number;
  /** Redirects followed per exchange (default 9, as mesos-go). */
  readonly maxRedirects?: number;
  /** RecordIO record limit (default 64 MiB). */
  readonly maxRecordBytes?: number;
  /**
   * How long a subscription must last before the resubscribe backoff starts again from its
   * first delay (default 60 s): a master that accepts and drops subscriptions at once (flapping)
   * gets ever longer pauses, not a storm.
   */
  readonly stablePeriodMs?: number;
}

/** What the event iterable yields. After `Fatal` it ends. */
export type SchedulerItem =
  | { readonly _tag: 'Event'; readonly event: SchedulerEvent }
  | { readonly _tag: 'BadEvent'; readonly error: MesosError; readonly type?: string }
  | { readonly _tag: 'Disconnected'; readonly error: MesosError; readonly retryInMs: number }
  | { readonly _tag: 'Fatal'; readonly error: MesosError };

/** A running scheduler client. */
export interface SchedulerClient {
  /** Subscribe and stream events until `close()` or a fatal error. Iterate it once. */
  readonly events: () => AsyncIterable<SchedulerItem>;
  /** Send a non-SUBSCRIBE call on the current subscription. */
  readonly call: (call: SchedulerCall) => Promise<E.Either<MesosError, CallResult>>;
  /** The framework id, once known. */
  readonly frameworkId: () => FrameworkID | undefined;
  /** Origin of the master currently subscribed to. */
  readonly leader: () => string | undefined;
  /** Stop: closes the stream, ends the iterable, wakes any backoff wait. */
  readonly close: () => void;
}

const DEFAULT_HEARTBEAT_SECONDS = 15;

/**
 * Calls the master handles the same when they arrive twice: a second DECLINE or KILL finds its
 * offer or task already dealt with, a second ACKNOWLEDGE its update already acknowledged.
 * ACCEPT is not among them (a launch must never be sent twice), nor TEARDOWN.
 */
const IDEMPOTENT_CALLS: ReadonlySet<SchedulerCall['type']> = new Set([
  'DECLINE',
  'SUPPRESS',
  'REVIVE',
  'ACKNOWLEDGE',
  'RECONCILE',
  'KILL',
]);

/** The connection went away before any answer (the transport's `EPIPE:`/`ECONNRESET:` errors). */
const connectionDropped = (e: MesosError): boolean =>
  e._tag === 'NetworkError' && /^(EPIPE|ECONNRESET):/.test(e.message);
/** Default of {@link SchedulerClientOptions.stablePeriodMs}: four 15 s heartbeats. */
export const DEFAULT_STABLE_PERIOD_MS = 60_000;

/** How one subscription ended: why, whether SUBSCRIBED came, and when. */
interface Ended {
  readonly error: MesosError;
  readonly ok: boolean;
  /** Clock time of SUBSCRIBED (when `ok`). */
  readonly since?: number;
}

/** Create a scheduler client. Invalid master specs surface as the first item, `Fatal`. */
export const createSchedulerClient = (options: SchedulerClientOptions): SchedulerClient => {
  const transport = options.transport ?? gotTransport;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const misses = options.heartbeatMisses ?? 5;
  const stableMs = options.stablePeriodMs ?? DEFAULT_STABLE_PERIOD_MS;
  const settings = {
    transport,
    timeoutMs: options.requestTimeoutMs ?? 30_000,
    maxRedirects: options.maxRedirects ?? 9,
  };
  const source = parseMasterSource(options.master);
  const sleeper = createSleeper(clock);
  const optionsOfRecords =
    options.maxRecordBytes === undefined ? {} : { maxRecordBytes: options.maxRecordBytes };

  let frameworkId = options.frameworkId;
  let closed = false;
  let current: OpenSubscription | undefined;
  let subscribed: { readonly base: string; readonly streamId: string } | undefined;
  let pinned: string | undefined;
  let masterIndex = 0;
  let cancelWatchdog: () => void = () => undefined;

  const pickMaster = async (src: MasterSource): Promise<E.Either<MesosError, string>> => {
    if (pinned !== undefined) return E.right(pinned);
    if (src._tag === 'ZooKeeper')
      return E.map((l: { url: string }) => l.url)(await detectLeader(src, settings.timeoutMs));
    const url = src.urls[masterIndex % src.urls.length];
    return url === undefined
      ? E.left({ _tag: 'InvalidConfig', message: 'no master given' })
      : E.right(url);
  };

  /** Read one subscription until it ends; returns why it ended and whether SUBSCRIBED came. */
  async function* consume(sub: OpenSubscription): AsyncGenerator<SchedulerItem, Ended> {
    let ok = false;
    let since: number | undefined;
    let override: MesosError | undefined;
    const end = (error: MesosError): Ended => ({
      error,
      ok,
      ...(since === undefined ? {} : { since }),
    });
    const protocol = (message: string): Ended => end({ _tag: 'ProtocolError', message });
    const arm = (ms: number): void => {
      cancelWatchdog();
      cancelWatchdog = clock.setTimer(ms, () => {
        override = { _tag: 'HeartbeatTimeout', afterMs: ms };
        sub.response.abort();
      });
    };
    let watchMs = misses * DEFAULT_HEARTBEAT_SECONDS * 1000;
    arm(watchMs);
    try {
      for await (const item of streamEvents(
        sub.response.body,
        decodeSchedulerEvent,
        sub.url,
        optionsOfRecords,
      )) {
        if (item._tag === 'End') return end(override ?? (closed ? { _tag: 'Closed' } : item.error));
        arm(watchMs);
        if (item._tag === 'BadEvent') {
          // Without a usable SUBSCRIBED nothing can be sent: end this subscription and retry.
          if (item.type === 'SUBSCRIBED')
            return protocol(`SUBSCRIBED that does not decode (${describeError(item.error)})`);
          yield item;
          continue;
        }
        const event = item.event;
        if (event.type === 'SUBSCRIBED') {
          const got = event.subscribed.framework_id;
          if (got.value === '') return protocol('SUBSCRIBED with an empty framework_id');
          if (
            frameworkId !== undefined &&
            got.value !== frameworkId.value &&
            (options.frameworkInfo.failover_timeout ?? 0) > 0
          ) {
            return end({
              _tag: 'FrameworkIdChanged',
              stored: frameworkId.value,
              received: got.value,
            });
          }
          if (frameworkId?.value !== got.value && options.saveFrameworkId !== undefined) {
            try {
              await options.saveFrameworkId(got);
            } catch (error) {
              return end({
                _tag: 'FrameworkIdNotSaved',
                message: error instanceof Error ? error.message : String(error),
              });
            }
          }
          frameworkId = got;
          ok = true;
          since = clock.now();
          subscribed = { base: sub.base, streamId: sub.streamId };
          pinned = sub.base;
          watchMs =
            misses *
            (event.subscribed.heartbeat_interval_seconds ?? DEFAULT_HEARTBEAT_SECONDS) *
            1000;
          arm(watchMs);
        }
        yield item;
        if (event.type === 'ERROR')
          return end(
            FRAMEWORK_REMOVED.test(event.error.message)
              ? { _tag: 'FrameworkRemoved', frameworkId: frameworkId?.value }
              : { _tag: 'MesosErrorEvent', message: event.error.message },
          );
      }
      return end({ _tag: 'StreamEnded', url: sub.url });
    } finally {
      cancelWatchdog();
      sub.response.abort();
      subscribed = undefined;
    }
  }
  async function* run(): AsyncGenerator<SchedulerItem, void, undefined> {
    if (E.isLeft(source)) {
      yield { _tag: 'Fatal', error: source.left };
      return;
    }
    let attempt = 0;
    try {
      while (!closed) {
        const base = await pickMaster(source.right);
        let error: MesosError;
        if (E.isLeft(base)) {
          error = base.left;
        } else {
          const call = subscribeCall(options.frameworkInfo, {
            ...(frameworkId === undefined ? {} : { frameworkId }),
            ...(options.suppressedRoles === undefined
              ? {}
              : { suppressedRoles: options.suppressedRoles }),
          });
          const opened = await openSubscription(settings, base.right, call);
          if (E.isLeft(opened)) {
            error = opened.left;
          } else if (closed) {
            opened.right.response.abort();
            return;
          } else {
            current = opened.right;
            const ended = yield* consume(opened.right);
            current = undefined;
            error = ended.error;
            // The backoff starts over only after a subscription that lasted (not a flap).
            if (ended.since !== undefined && clock.now() - ended.since >= stableMs) attempt = 0;
          }
        }
        if (closed) return;
        if (error._tag === 'FrameworkRemoved' && error.frameworkId === undefined)
          error = { ...error, frameworkId: frameworkId?.value };
        if (classifyError(error) === 'fatal') {
          yield { _tag: 'Fatal', error };
          return;
        }
        pinned = undefined;
        masterIndex += 1;
        const delay = backoffDelay(backoff, attempt, random);
        attempt += 1;
        yield { _tag: 'Disconnected', error, retryInMs: delay };
        await sleeper.wait(delay);
      }
    } finally {
      current?.response.abort();
    }
  }

  const call = async (c: SchedulerCall): Promise<E.Either<MesosError, CallResult>> => {
    if (closed) return E.left({ _tag: 'Closed' });
    if (subscribed === undefined) return E.left({ _tag: 'NotSubscribed' });
    const first = await sendCall(settings, subscribed.base, subscribed.streamId, c);
    // A kept-alive connection the other end closed while idle fails the next request written on
    // it (EPIPE, ECONNRESET) before any answer: Node's http documentation
    // (`request.reusedSocket`) says to retry such a request. Only calls that mean the same when
    // they arrive twice are sent again, once, on a new connection.
    if (E.isLeft(first) && IDEMPOTENT_CALLS.has(c.type) && connectionDropped(first.left))
      return subscribed === undefined || closed
        ? first
        : sendCall(settings, subscribed.base, subscribed.streamId, c);
    return first;
  };

  return {
    events: () => run(),
    call,
    frameworkId: () => frameworkId,
    leader: () => subscribed?.base,
    close: () => {
      closed = true;
      cancelWatchdog();
      current?.response.abort();
      sleeper.wakeAll();
    },
  };
};
