/**
 * The package's closed error union, how HTTP answers map onto it (in one place), and how each
 * error is classified for the retry logic: retryable, subscription lost, or fatal.
 *
 * @module
 */
import type { RecordIOError } from './recordio.js';
import { describeRecordIOError } from './recordio.js';

/** Every error this package returns. Nothing is thrown across the package boundary. */
export type MesosError =
  | { readonly _tag: 'NetworkError'; readonly url: string; readonly message: string }
  | { readonly _tag: 'Timeout'; readonly url: string; readonly afterMs: number }
  | {
      readonly _tag: 'HttpStatus';
      readonly url: string;
      readonly status: number;
      readonly message: string;
    }
  | { readonly _tag: 'TooManyRedirects'; readonly url: string; readonly redirects: number }
  | { readonly _tag: 'BadRedirect'; readonly url: string; readonly location: string }
  | { readonly _tag: 'DecodeError'; readonly what: string; readonly message: string }
  | { readonly _tag: 'RecordIO'; readonly error: RecordIOError }
  | { readonly _tag: 'StreamEnded'; readonly url: string }
  | { readonly _tag: 'HeartbeatTimeout'; readonly afterMs: number }
  | { readonly _tag: 'MesosErrorEvent'; readonly message: string }
  /** The master broke the protocol (e.g. a SUBSCRIBED without a framework id). */
  | { readonly _tag: 'ProtocolError'; readonly message: string }
  /** The master removed the framework for good (failover timeout expired, or torn down). */
  | { readonly _tag: 'FrameworkRemoved'; readonly frameworkId: string | undefined }
  | { readonly _tag: 'FrameworkIdChanged'; readonly stored: string; readonly received: string }
  | { readonly _tag: 'FrameworkIdNotSaved'; readonly message: string }
  | { readonly _tag: 'NotSubscribed' }
  | { readonly _tag: 'NoMasterFound'; readonly source: string; readonly message: string }
  | { readonly _tag: 'InvalidConfig'; readonly message: string }
  | { readonly _tag: 'Closed' };

/** How the caller should react to an error. */
export type ErrorClass = 'retryable' | 'subscription-lost' | 'fatal';

/** HTTP statuses that mean "try again, maybe elsewhere": no leader yet, overloaded. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);
/** 403 "Framework is not subscribed": the master lost our subscription. */
const SUBSCRIPTION_LOSS_STATUSES: ReadonlySet<number> = new Set([403]);

/** Classify an error: the single place retry policy reads. */
export const classifyError = (error: MesosError): ErrorClass => {
  switch (error._tag) {
    case 'NetworkError':
    case 'Timeout':
    case 'TooManyRedirects':
    case 'NoMasterFound':
      return 'retryable';
    case 'HttpStatus':
      if (RETRYABLE_STATUSES.has(error.status)) return 'retryable';
      if (SUBSCRIPTION_LOSS_STATUSES.has(error.status)) return 'subscription-lost';
      return 'fatal';
    case 'RecordIO':
    case 'StreamEnded':
    case 'HeartbeatTimeout':
    case 'NotSubscribed':
    case 'DecodeError':
    case 'ProtocolError':
      return 'subscription-lost';
    case 'BadRedirect':
    case 'MesosErrorEvent':
    case 'FrameworkRemoved':
    case 'FrameworkIdChanged':
    case 'FrameworkIdNotSaved':
    case 'InvalidConfig':
    case 'Closed':
      return 'fatal';
  }
};

/**
 * What the master says when a framework id belongs to a removed framework: `validateFramework-
 * Subscription` in apache/mesos src/master/master.cpp returns `Error("Framework has been
 * removed")` (sent as an ERROR event on a 200 stream, which is then closed). A proxy or another
 * master version may answer a plain 403 with the same text; both mean the same.
 */
export const FRAMEWORK_REMOVED = /Framework has been removed/;

/**
 * Map a non-success HTTP answer to an error; the body text is cut to 300 characters. A 403
 * saying the framework was removed is {@link FRAMEWORK_REMOVED}: fatal, never retried.
 */
export const fromHttpStatus = (url: string, status: number, body: string): MesosError =>
  status === 403 && FRAMEWORK_REMOVED.test(body)
    ? { _tag: 'FrameworkRemoved', frameworkId: undefined }
    : { _tag: 'HttpStatus', url, status, message: body.trim().slice(0, 300) };

/** One-line human description of an error (never contains credentials: URLs are stripped of them). */
export const describeError = (error: MesosError): string => {
  switch (error._tag) {
    case 'NetworkError':
      return `network error talking to ${redact(error.url)}: ${error.message}`;
    case 'Timeout':
      return `no answer from ${redact(error.url)} within ${error.afterMs} ms`;
    case 'HttpStatus':
      return `HTTP ${error.status} from ${redact(error.url)}${error.message ? `: ${error.message}` : ''}`;
    case 'TooManyRedirects':
      return `more than ${error.redirects} redirects starting at ${redact(error.url)}`;
    case 'BadRedirect':
      return `unusable redirect Location '${error.location}' from ${redact(error.url)}`;
    case 'DecodeError':
      return `could not decode ${error.what}: ${error.message}`;
    case 'RecordIO':
      return describeRecordIOError(error.error);
    case 'StreamEnded':
      return `subscription stream from ${redact(error.url)} ended`;
    case 'HeartbeatTimeout':
      return `no event or heartbeat for ${error.afterMs} ms`;
    case 'MesosErrorEvent':
      return `Mesos sent ERROR: ${error.message}`;
    case 'ProtocolError':
      return `Mesos protocol error: ${error.message}`;
    case 'FrameworkRemoved':
      return `Mesos removed framework ${error.frameworkId ?? '(the stored id)'} for good (its failover timeout expired, or it was torn down): it cannot subscribe again. Start it as a new framework: remove the stored framework id (the state file or ZooKeeper state) after checking that nothing of the old one runs`;
    case 'FrameworkIdChanged':
      return `master assigned framework id ${error.received}, expected the stored ${error.stored}`;
    case 'FrameworkIdNotSaved':
      return `could not store the framework id: ${error.message}`;
    case 'NotSubscribed':
      return 'not subscribed';
    case 'NoMasterFound':
      return `no leading master found via ${redact(error.source)}: ${error.message}`;
    case 'InvalidConfig':
      return `invalid configuration: ${error.message}`;
    case 'Closed':
      return 'client closed';
  }
};

/** Remove `user:password@` from a URL-like string. */
export const redact = (url: string): string => url.replace(/\/\/[^/@]*@/, '//');
