/**
 * What every operation of the AWS provider works with: the EC2 context, the wait policies, the
 * device-name memory per instance, the instance-type cache, and the error mapping.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import type { ClusterId, ProviderError } from '@scaleio-framework/capacity';
import { observeEc2Calls, type Ec2CallObserver } from './call-observer.js';
import { defaultRetry, type RetryPolicy } from './calls.js';
import { ec2ClientFor, type AwsVolumesConfig } from './config.js';
import { defaultDeviceNames, markRecent, type RecentNames } from './device-names.js';
import * as ebs from './ebs.js';
import type { Ec2Error } from './errors.js';
import type { EbsInstanceType } from './model.js';
import { toProviderError } from './provider-errors.js';
import { realTiming, type Timing } from './timing.js';
import type { WaitPolicy } from './waits.js';

/** Options of the AWS capacity provider. */
export interface AwsProviderOptions extends AwsVolumesConfig {
  readonly cluster: ClusterId;
  /** A ready client; otherwise one is built from region/endpoint/credentials. */
  readonly client?: EC2Client;
  readonly timing?: Timing;
  readonly retry?: RetryPolicy;
  /** Sees every EC2 call (operation, seconds, outcome), e.g. for metrics. */
  readonly onEc2Call?: Ec2CallObserver;
}

/** A provider operation's result. */
export type R<A> = Promise<Either<ProviderError, A>>;

/** The provider's working context (one per provider instance). */
export interface ProviderContext {
  readonly ctx: ebs.Ec2Context;
  readonly cluster: ClusterId;
  readonly timing: Timing;
  readonly availableWait: WaitPolicy;
  readonly attachWait: WaitPolicy;
  readonly detachWait: WaitPolicy;
  readonly candidates: readonly string[];
  readonly quarantineMs: number;
  readonly maxDeviceAttempts: number;
  readonly deleteOnTermination: boolean;
  /** Device names recently used or found taken, per instance (in-process). */
  readonly recent: Map<string, RecentNames>;
  /** Marks a device name of an instance as recently used. */
  readonly remember: (node: string, name: string) => void;
  /** An instance type's limits (cached: they never change). */
  readonly instanceType: (t: string) => Promise<Either<Ec2Error, EbsInstanceType>>;
  /** An EC2 failure as the contract's error, naming the resource it concerns. */
  readonly fail: (e: Ec2Error, id: string) => Either<ProviderError, never>;
}

/** Builds the context from the options and their documented defaults. */
export const providerContext = (opts: AwsProviderOptions): ProviderContext => {
  const timing = opts.timing ?? realTiming;
  const client = opts.client ?? ec2ClientFor(opts);
  if (opts.onEc2Call !== undefined) observeEc2Calls(client, opts.onEc2Call, timing.now);
  const ctx: ebs.Ec2Context = {
    client,
    retry:
      opts.maxAttempts === undefined
        ? (opts.retry ?? defaultRetry)
        : { ...(opts.retry ?? defaultRetry), attempts: opts.maxAttempts },
    timing,
  };
  const wait = (timeoutMs: number): WaitPolicy => ({
    timeoutMs,
    // Polls at about 1, 2.5, 4.5, 6.5 … s: at most ~2 s of detection lag, ~30 describes a minute.
    backoff: { initialMs: 1000, factor: 1.5, maxMs: opts.pollMaxIntervalMs ?? 2000, jitter: 0.1 },
  });
  const quarantineMs = opts.nameQuarantineMs ?? 3_600_000;
  const recent = new Map<string, RecentNames>();
  const types = new Map<string, EbsInstanceType>();
  return {
    ctx,
    cluster: opts.cluster,
    timing,
    availableWait: wait(opts.availableTimeoutMs ?? 300_000),
    attachWait: wait(opts.attachTimeoutMs ?? 120_000),
    detachWait: wait(opts.detachTimeoutMs ?? 120_000),
    candidates: opts.deviceNames ?? defaultDeviceNames,
    quarantineMs,
    maxDeviceAttempts: opts.maxDeviceAttempts ?? 5,
    deleteOnTermination: opts.deleteOnTermination ?? true,
    recent,
    remember: (node, name) => {
      recent.set(node, markRecent(recent.get(node) ?? new Map(), name, timing.now(), quarantineMs));
    },
    instanceType: async (t) => {
      const hit = types.get(t);
      if (hit !== undefined) return right(hit);
      const r = await ebs.describeInstanceType(ctx, t);
      if (!isLeft(r)) types.set(t, r.right);
      return r;
    },
    fail: (e, id) => left(toProviderError(e, id)),
  };
};
