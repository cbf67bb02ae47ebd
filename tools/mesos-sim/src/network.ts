/**
 * The simulated cluster network, for clients outside the simulator. Agents advertise their node's
 * IP in offers (`url.address.ip`, as a real agent advertises `--advertise_ip`), but every
 * simulated agent listens on 127.0.0.1. This is an HTTP/1.1 forward proxy (RFC 9112 §3.2.2,
 * absolute-form request targets, as `http_proxy` clients send them): a request for
 * `http://<agent ip>:<agent port>/<path>` reaches that agent's own server; any other target
 * answers 502, as a proxy that cannot reach the host does. Plain http only (agents speak http).
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy needs to know of an agent. */
export interface Routable {
  readonly ip: string;
  readonly port: () => number;
}

/** The running proxy. */
export interface SimNetwork {
  /** `http://127.0.0.1:<port>`: set it as `http_proxy` of a client that talks to agents. */
  readonly url: string;
  readonly close: () => Promise<void>;
}

const fail = (res: ServerResponse, status: number, message: string): void => {
  res.writeHead(status, {
    'content-type': 'text/plain',
    'content-length': Buffer.byteLength(message),
  });
  res.end(message);
};

const forward = (agents: () => readonly Routable[], req: IncomingMessage, res: ServerResponse) => {
  let target: URL;
  try {
    target = new URL(req.url ?? '');
  } catch {
    return fail(res, 400, 'expected an absolute-form request target (http://host:port/path)\n');
  }
  const port = Number(target.port || '80');
  const agent = agents().find((a) => a.ip === target.hostname && a.port() === port);
  if (target.protocol !== 'http:' || agent === undefined)
    return fail(res, 502, `no route to ${target.host}\n`);
  const upstream = request(
    {
      host: '127.0.0.1',
      port,
      method: req.method ?? 'GET',
      path: `${target.pathname}${target.search}`,
      headers: { ...req.headers, host: target.host },
    },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    },
  );
  upstream.on('error', (e) => fail(res, 502, `${target.host}: ${e.message}\n`));
  req.pipe(upstream);
};

/** Starts the proxy over the agents `agents()` lists at each request. */
export const startNetwork = async (agents: () => readonly Routable[]): Promise<SimNetwork> => {
  const server = createServer((req, res) => forward(agents, req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
