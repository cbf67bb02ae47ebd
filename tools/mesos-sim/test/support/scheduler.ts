/** A minimal scheduler connection for simulator tests (the real client lives in @scaleio-framework/mesos). */
import * as http from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import { createRecordDecoder } from '@scaleio-framework/mesos';
import { isCi } from '@scaleio-framework/testkit';
import { validateMessage, schemaSkipReason } from '../../src/index.js';

/** Problems found by the strict schema walker in everything the simulator sent or received. */
export const schemaProblems: string[] = [];

/**
 * Observer for `startMesosSim({observe})`: validates every document against the official schema.
 * Without the schema it validates nothing (each file's dedicated schema test is then skipped), and
 * under CI=true it records the missing schema as a problem, so the run fails.
 */
export const checkSchema = (typeName: string, json: unknown, direction: string): void => {
  const missing = schemaSkipReason();
  if (missing !== undefined) {
    if (isCi() && !schemaProblems.includes(missing)) schemaProblems.push(missing);
    return;
  }
  for (const p of validateMessage(typeName, json))
    schemaProblems.push(`${direction} ${typeName}: ${p} in ${JSON.stringify(json).slice(0, 300)}`);
};

/** An event stream being read. */
export interface Stream {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly streamId: string;
  readonly events: Record<string, unknown>[];
  /** Waits for the oldest event matching `pred` that no earlier `next` returned, up to `ms`. */
  readonly next: (
    pred?: (e: Record<string, unknown>) => boolean,
    ms?: number,
  ) => Promise<Record<string, unknown>>;
  readonly closed: () => boolean;
  readonly close: () => void;
}

/** POSTs JSON; returns status, headers and text. */
export const post = (
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> =>
  new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(parts).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(typeof body === 'string' ? body : JSON.stringify(body));
  });

/** Opens a streaming call (SUBSCRIBE) and decodes its RecordIO events. */
export const openStream = (
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Stream> =>
  new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } },
      (res) => {
        const events: Record<string, unknown>[] = [];
        const waiters: (() => void)[] = [];
        let closed = false;
        const consumed = new Set<number>();
        const decoder = createRecordDecoder();
        const wake = (): void => {
          for (const w of waiters.splice(0)) w();
        };
        res.on('data', (c: Buffer) => {
          const r = decoder.push(c);
          if (E.isLeft(r)) throw new Error(`RecordIO error ${r.left._tag}`);
          for (const rec of r.right)
            events.push(JSON.parse(Buffer.from(rec).toString('utf8')) as Record<string, unknown>);
          wake();
        });
        res.on('close', () => {
          closed = true;
          wake();
        });
        const next = async (
          pred: (e: Record<string, unknown>) => boolean = () => true,
          ms = 10_000,
        ): Promise<Record<string, unknown>> => {
          const deadline = Date.now() + ms;
          for (;;) {
            for (let i = 0; i < events.length; i++) {
              const e = events[i] as Record<string, unknown>;
              if (consumed.has(i) || !pred(e)) continue;
              consumed.add(i);
              return e;
            }
            if (closed)
              throw new Error(
                `stream closed; events: ${events.map((e) => String(e['type'])).join(',')}`,
              );
            const left = deadline - Date.now();
            if (left <= 0)
              throw new Error(
                `timed out; events: ${events.map((e) => String(e['type'])).join(',')}`,
              );
            await new Promise<void>((r) => {
              const t = setTimeout(r, left);
              waiters.push(() => {
                clearTimeout(t);
                r();
              });
            });
          }
        };
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          streamId: String(res.headers['mesos-stream-id'] ?? ''),
          events,
          next,
          closed: () => closed,
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });

/** Type guard helpers for events. */
export const ofType =
  (type: string) =>
  (e: Record<string, unknown>): boolean =>
    e['type'] === type;

/** Polls `fn` until it returns a value other than undefined, up to `ms`. */
export const eventually = async <A>(
  fn: () => A | undefined | Promise<A | undefined>,
  ms = 10_000,
  what = 'condition',
): Promise<A> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** A SUBSCRIBE call body. */
export const subscribeCall = (
  info: Record<string, unknown> = {},
  frameworkId?: string,
): Record<string, unknown> => ({
  type: 'SUBSCRIBE',
  ...(frameworkId !== undefined ? { framework_id: { value: frameworkId } } : {}),
  subscribe: {
    framework_info: {
      user: 'root',
      name: 'sim-test',
      roles: ['storage'],
      capabilities: [{ type: 'MULTI_ROLE' }],
      ...(frameworkId !== undefined ? { id: { value: frameworkId } } : {}),
      ...info,
    },
  },
});
