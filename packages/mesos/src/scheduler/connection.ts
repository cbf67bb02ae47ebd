/**
 * One scheduler-API exchange with redirects: open the SUBSCRIBE stream, or send one call. Both
 * follow 307 answers (protocol-relative `Location`) up to a limit and report the master that
 * finally answered, so the client can pin the leader.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { MesosError } from '../errors.js';
import { fromHttpStatus } from '../errors.js';
import type { StreamResponse, Transport } from '../http.js';
import { headerValue, jsonPost, readText, resolveLocation } from '../http.js';
import { SchedulerCall } from '../codecs/scheduler.js';

/** Path of the v1 scheduler endpoint. */
export const SCHEDULER_PATH = '/api/v1/scheduler';

/** Settings shared by every exchange. */
export interface ExchangeSettings {
  readonly transport: Transport;
  readonly timeoutMs: number;
  readonly maxRedirects: number;
}

/** An open subscription. */
export interface OpenSubscription {
  /** Origin (`http://host:port`) of the master that accepted it. */
  readonly base: string;
  readonly url: string;
  readonly streamId: string;
  readonly response: StreamResponse;
}

const originOf = (url: string): string => new URL(url).origin;

/** POST SUBSCRIBE to `base` and follow redirects until a 200 stream or an error. */
export const openSubscription = async (
  settings: ExchangeSettings,
  base: string,
  call: SchedulerCall,
): Promise<E.Either<MesosError, OpenSubscription>> => {
  const body = SchedulerCall.encode(call);
  let url = `${base}${SCHEDULER_PATH}`;
  for (let redirects = 0; redirects <= settings.maxRedirects; redirects += 1) {
    const opened = await settings.transport.open(jsonPost(url, body, settings.timeoutMs));
    if (E.isLeft(opened)) return opened;
    const res = opened.right;
    if (res.status === 307) {
      res.abort();
      const next = resolveLocation(url, headerValue(res.headers, 'location') ?? '');
      if (E.isLeft(next)) return next;
      url = next.right;
      continue;
    }
    if (res.status !== 200) {
      const text = await readText(res.body);
      res.abort();
      return E.left(fromHttpStatus(url, res.status, text));
    }
    const streamId = headerValue(res.headers, 'mesos-stream-id');
    if (streamId === undefined || streamId === '') {
      res.abort();
      return E.left({
        _tag: 'DecodeError',
        what: 'SUBSCRIBE response',
        message: 'no Mesos-Stream-Id header',
      });
    }
    return E.right({ base: originOf(url), url, streamId, response: res });
  }
  return E.left({
    _tag: 'TooManyRedirects',
    url: `${base}${SCHEDULER_PATH}`,
    redirects: settings.maxRedirects,
  });
};

/** What a successful call returns: the status (202, or 200 for UPDATE_FRAMEWORK) and master. */
export interface CallResult {
  readonly status: number;
  /** Origin of the master that accepted the call. */
  readonly base: string;
}

/** POST a non-SUBSCRIBE call with its stream id, following redirects. */
export const sendCall = async (
  settings: ExchangeSettings,
  base: string,
  streamId: string,
  call: SchedulerCall,
): Promise<E.Either<MesosError, CallResult>> => {
  const body = SchedulerCall.encode(call);
  let url = `${base}${SCHEDULER_PATH}`;
  for (let redirects = 0; redirects <= settings.maxRedirects; redirects += 1) {
    const sent = await settings.transport.send(
      jsonPost(url, body, settings.timeoutMs, { 'mesos-stream-id': streamId }),
    );
    if (E.isLeft(sent)) return sent;
    const res = sent.right;
    if (res.status === 307) {
      const next = resolveLocation(url, headerValue(res.headers, 'location') ?? '');
      if (E.isLeft(next)) return next;
      url = next.right;
      continue;
    }
    if (res.status === 202 || res.status === 200)
      return E.right({ status: res.status, base: originOf(url) });
    return E.left(fromHttpStatus(url, res.status, res.body));
  }
  return E.left({
    _tag: 'TooManyRedirects',
    url: `${base}${SCHEDULER_PATH}`,
    redirects: settings.maxRedirects,
  });
};
