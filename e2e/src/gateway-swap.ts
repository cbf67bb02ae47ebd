/**
 * A gateway address whose machine can be swapped: a loopback TCP relay that forwards every new
 * connection, bytes untouched (TLS passes through end to end), to the gateway chosen now. Swapping
 * models a gateway replaced at the same address: another certificate, same URL.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A swappable gateway address. */
export interface GatewaySwap {
  /** `https://127.0.0.1:<port>`: what the scheduler is given as `--gateway-url`. */
  readonly url: string;
  /** Sends new connections to the gateway at `target` (`https://127.0.0.1:<port>`). */
  readonly point: (target: string) => void;
  readonly stop: () => Promise<void>;
}

/** Starts a relay on 127.0.0.1 forwarding to `target`. */
export async function startGatewaySwap(target: string): Promise<GatewaySwap> {
  let port = Number(new URL(target).port);
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port });
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    point: (t) => {
      port = Number(new URL(t).port);
      // Connections kept alive to the old gateway end: the next request dials the new one.
      for (const s of open) s.destroy();
    },
    stop: async () => {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
