/**
 * The `MESOS_*` environment an agent gives an executor, decoded with io-ts. Durations use stout's
 * format (`15mins`, `2secs`, `250ms`, `1.5secs`); `MESOS_CHECKPOINT` is `1`/`0`.
 *
 * @module
 */
import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import type { ExecutorID, FrameworkID } from '../codecs/base.js';
import { ExecutorID as ExecutorIDC, FrameworkID as FrameworkIDC } from '../codecs/base.js';
import type { MesosError } from '../errors.js';
import { decodeWith } from '../events.js';

/** Milliseconds per unit; sub-millisecond units are given as divisors (negative). */
const UNIT_MS: Readonly<Record<string, number>> = {
  ns: -1e6,
  us: -1e3,
  ms: 1,
  secs: 1000,
  mins: 60_000,
  hrs: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
};

/** Parse a stout duration into milliseconds, or undefined when malformed. */
export const parseDuration = (text: string): number | undefined => {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ns|us|ms|secs|mins|hrs|days|weeks)\s*$/.exec(text);
  if (m?.[1] === undefined || m[2] === undefined) return undefined;
  const unit = UNIT_MS[m[2]];
  if (unit === undefined) return undefined;
  return unit < 0 ? Number(m[1]) / -unit : Number(m[1]) * unit;
};

/** A stout duration string decoded to milliseconds. */
export const DurationFromString = new t.Type<number, string, unknown>(
  'DurationFromString',
  (u): u is number => typeof u === 'number' && u >= 0,
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c, 'expected a duration such as 15mins');
    const ms = parseDuration(u);
    return ms === undefined
      ? t.failure(u, c, `not a duration (e.g. 2secs, 15mins): '${u}'`)
      : t.success(ms);
  },
  (ms) => `${ms}ms`,
);

/** `1`/`0` (as the agent writes it) or `true`/`false` (as mesos-go accepts). */
export const FlagFromString = new t.Type<boolean, string, unknown>(
  'FlagFromString',
  (u): u is boolean => typeof u === 'boolean',
  (u, c) =>
    u === '1' || u === 'true'
      ? t.success(true)
      : u === '0' || u === 'false'
        ? t.success(false)
        : t.failure(u, c, `expected 1 or 0, got '${String(u)}'`),
  (b) => (b ? '1' : '0'),
);

const NonEmpty = t.refinement(t.string, (s) => s.length > 0, 'NonEmptyString');

/** The raw environment, as io-ts sees it. */
export const ExecutorEnvironment = t.intersection([
  t.type({
    MESOS_FRAMEWORK_ID: NonEmpty,
    MESOS_EXECUTOR_ID: NonEmpty,
    MESOS_AGENT_ENDPOINT: t.refinement(t.string, (s) => /^[^\s/]+:\d+$/.test(s), 'HostPort'),
  }),
  t.partial({
    MESOS_CHECKPOINT: FlagFromString,
    MESOS_DIRECTORY: t.string,
    MESOS_SANDBOX: t.string,
    MESOS_SLAVE_ID: t.string,
    MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: DurationFromString,
    MESOS_RECOVERY_TIMEOUT: DurationFromString,
    MESOS_SUBSCRIPTION_BACKOFF_MAX: DurationFromString,
    MESOS_EXECUTOR_AUTHENTICATION_TOKEN: t.string,
  }),
]);

/** What an executor needs from its environment. */
export interface ExecutorConfig {
  readonly frameworkId: FrameworkID;
  readonly executorId: ExecutorID;
  /** `http://<MESOS_AGENT_ENDPOINT>`. */
  readonly agentUrl: string;
  readonly checkpoint: boolean;
  /** Only when checkpointing: give up reconnecting after this long. */
  readonly recoveryTimeoutMs?: number;
  /** Only when checkpointing: wait a random time up to this before each reconnect. */
  readonly subscriptionBackoffMaxMs?: number;
  readonly shutdownGracePeriodMs: number;
  readonly sandbox?: string;
  readonly agentId?: string;
  /** Sent as `Authorization: Bearer <token>`; never logged. */
  readonly authToken?: string;
}

/** Decode the executor environment (usually `process.env`). */
export const parseExecutorEnv = (
  env: Readonly<Record<string, string | undefined>>,
): E.Either<MesosError, ExecutorConfig> => {
  const decoded = decodeWith(ExecutorEnvironment, 'executor environment')(env);
  if (E.isLeft(decoded)) return decoded;
  const v = decoded.right;
  const checkpoint = v.MESOS_CHECKPOINT ?? false;
  if (
    checkpoint &&
    (v.MESOS_RECOVERY_TIMEOUT === undefined || v.MESOS_SUBSCRIPTION_BACKOFF_MAX === undefined)
  ) {
    return E.left({
      _tag: 'InvalidConfig',
      message: 'MESOS_CHECKPOINT=1 needs MESOS_RECOVERY_TIMEOUT and MESOS_SUBSCRIPTION_BACKOFF_MAX',
    });
  }
  const fid = FrameworkIDC.decode({ value: v.MESOS_FRAMEWORK_ID });
  const eid = ExecutorIDC.decode({ value: v.MESOS_EXECUTOR_ID });
  if (E.isLeft(fid) || E.isLeft(eid))
    return E.left({ _tag: 'InvalidConfig', message: 'empty framework or executor id' });
  const sandbox = v.MESOS_SANDBOX ?? v.MESOS_DIRECTORY;
  return E.right({
    frameworkId: fid.right,
    executorId: eid.right,
    agentUrl: `http://${v.MESOS_AGENT_ENDPOINT}`,
    checkpoint,
    shutdownGracePeriodMs: v.MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD ?? 5000,
    ...(checkpoint && v.MESOS_RECOVERY_TIMEOUT !== undefined
      ? { recoveryTimeoutMs: v.MESOS_RECOVERY_TIMEOUT }
      : {}),
    ...(checkpoint && v.MESOS_SUBSCRIPTION_BACKOFF_MAX !== undefined
      ? { subscriptionBackoffMaxMs: v.MESOS_SUBSCRIPTION_BACKOFF_MAX }
      : {}),
    ...(sandbox === undefined ? {} : { sandbox }),
    ...(v.MESOS_SLAVE_ID === undefined ? {} : { agentId: v.MESOS_SLAVE_ID }),
    ...(v.MESOS_EXECUTOR_AUTHENTICATION_TOKEN === undefined
      ? {}
      : { authToken: v.MESOS_EXECUTOR_AUTHENTICATION_TOKEN }),
  });
};
