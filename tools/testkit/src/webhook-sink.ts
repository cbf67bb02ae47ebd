/**
 * A webhook receiver for tests: a loopback HTTP server that keeps the JSON body of every request
 * it gets (the simulators' attachment webhooks POST there), and a bounded wait for them.
 *
 * @module
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningProcess } from './process.js';
import { startSimCli } from './sim-cli-check.js';
import { readBody } from './sim-server.js';

/** A running {@link startWebhookSink}. */
export interface WebhookSink {
  /** Where to POST: `http://127.0.0.1:<port>/hook`. */
  readonly url: string;
  /** Every JSON body received so far, in arrival order. */
  readonly received: () => readonly unknown[];
  /** Resolves with the bodies once `count` have arrived; rejects after `timeoutMs` (default 5 s). */
  readonly waitFor: (count: number, timeoutMs?: number) => Promise<readonly unknown[]>;
  /** Closes the server. */
  readonly close: () => Promise<void>;
}

/** Starts a {@link WebhookSink} on 127.0.0.1 (a body that is not JSON is answered 400, not kept). */
export const startWebhookSink = async (): Promise<WebhookSink> => {
  const got: unknown[] = [];
  const waiters = new Set<() => void>();
  const server = createServer((req, res) => {
    void readBody(req).then((b) => {
      try {
        got.push(JSON.parse(b));
      } catch {
        res.statusCode = 400;
      }
      res.end('ok');
      for (const w of waiters) w();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received: () => [...got],
    waitFor: (count, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (got.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve([...got]);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`webhook: ${got.length} of ${count} bodies after ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
};

/**
 * Starts a cloud simulator's CLI (`ec2-sim`, `gce-sim`) with one `--instance`, creates and
 * attaches that finish at once (`--create-ms 0 --attach-ms 0`), and `--attachment-webhook` at a
 * new {@link WebhookSink}; `stop` ends the process and closes the sink.
 */
export const startCloudSimCli = async (c: {
  readonly name: string;
  readonly bin: string;
  readonly instance: string;
}): Promise<{
  url: string;
  process: RunningProcess;
  hook: WebhookSink;
  stop: () => Promise<void>;
}> => {
  const hook = await startWebhookSink();
  try {
    const { url, process } = await startSimCli({
      name: c.name,
      bin: c.bin,
      args: ['--instance', c.instance, '--create-ms', '0', '--attach-ms', '0'].concat([
        '--attachment-webhook',
        hook.url,
      ]),
    });
    return {
      url,
      process,
      hook,
      stop: async () => {
        await process.stop();
        await hook.close();
      },
    };
  } catch (e) {
    await hook.close();
    throw e;
  }
};
