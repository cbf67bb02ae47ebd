/**
 * Why an executor died before it said anything. When an executor process exits, Mesos fails its
 * tasks with `REASON_EXECUTOR_TERMINATED` and the message "Executor terminated"
 * (src/slave/slave.cpp `sendExecutorTerminatedStatusUpdate`): what the process printed — a
 * dynamic loader refusing the runtime (`version `GLIBC_2.28' not found`), a missing file — is
 * only in its sandbox. The agent serves the sandbox at `/files/read` under the executor's virtual
 * path `/frameworks/<framework>/executors/<executor>/runs/latest` (slave.cpp attaches it there;
 * src/files/files.cpp `__read`: `{"data", "offset"}`, no offset answers the size), at the address
 * the agent advertises in its offers (`Offer.url.address`). So the scheduler reads the tail of
 * that `stderr` and adds it to the status update's message, which the status API shows.
 *
 * Requests honour `http_proxy`/`HTTP_PROXY` and `no_proxy`/`NO_PROXY` as curl does (the Mesos
 * fetcher's libcurl reads the same variables, docs/fetcher.md "HTTP and SOCKS proxy settings").
 */
import { request } from 'node:http';

/** Where an agent listens (`Offer.url.address`). */
export interface AgentAddress {
  readonly ip: string;
  readonly port: number;
}

/** The proxy for `host`, from the environment (`http_proxy`, `no_proxy`: `*` or host suffixes). */
export const proxyFor = (
  host: string,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined => {
  const proxy = env['http_proxy'] ?? env['HTTP_PROXY'];
  if (proxy === undefined || proxy === '') return undefined;
  const skip = (env['no_proxy'] ?? env['NO_PROXY'] ?? '')
    .split(',')
    .map((s) => s.trim().replace(/^\./, ''))
    .filter((s) => s !== '');
  return skip.some((s) => s === '*' || host === s || host.endsWith(`.${s}`)) ? undefined : proxy;
};

/** GET `url` (plain http) directly or through `proxy`; the body as text, or an error. */
const get = (
  url: string,
  proxy: string | undefined,
  timeoutMs: number,
): Promise<{ status: number; body: string } | { error: string }> =>
  new Promise((resolve) => {
    const u = new URL(url);
    const via = proxy === undefined ? undefined : new URL(proxy);
    const req = request(
      {
        host: via?.hostname ?? u.hostname,
        port: via?.port || (via ? 80 : u.port || 80),
        path: via === undefined ? `${u.pathname}${u.search}` : url,
        method: 'GET',
        headers: { host: u.host, accept: 'application/json' },
        timeout: timeoutMs,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', (e) => resolve({ error: e.message }));
    req.end();
  });

const readAt = async (
  base: string,
  path: string,
  query: string,
  proxy: string | undefined,
  timeoutMs: number,
): Promise<{ data: string; offset: number } | undefined> => {
  const r = await get(
    `${base}/files/read?path=${encodeURIComponent(path)}${query}`,
    proxy,
    timeoutMs,
  );
  if ('error' in r || r.status !== 200) return undefined;
  try {
    const j = JSON.parse(r.body) as { data?: unknown; offset?: unknown };
    return typeof j.data === 'string' && typeof j.offset === 'number'
      ? { data: j.data, offset: j.offset }
      : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The last `lines` non-empty lines of an executor's sandbox `stderr` (at most its last `bytes`),
 * or undefined when the agent cannot be read or the file is empty.
 */
export async function executorStderrTail(opts: {
  readonly agent: AgentAddress;
  readonly frameworkId: string;
  readonly executorId: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly bytes?: number;
  readonly lines?: number;
  readonly timeoutMs?: number;
}): Promise<string | undefined> {
  const base = `http://${opts.agent.ip}:${opts.agent.port}`;
  const proxy = proxyFor(opts.agent.ip, opts.env ?? process.env);
  const timeoutMs = opts.timeoutMs ?? 3000;
  const path = `/frameworks/${opts.frameworkId}/executors/${opts.executorId}/runs/latest/stderr`;
  const size = await readAt(base, path, '', proxy, timeoutMs);
  if (size === undefined || size.offset === 0) return undefined;
  const bytes = opts.bytes ?? 4096;
  const from = Math.max(0, size.offset - bytes);
  const tail = await readAt(base, path, `&offset=${from}&length=${bytes}`, proxy, timeoutMs);
  if (tail === undefined) return undefined;
  const lines = tail.data
    .split('\n')
    .slice(from > 0 ? 1 : 0)
    .filter((l) => l.trim() !== '');
  return lines.length === 0 ? undefined : lines.slice(-(opts.lines ?? 8)).join('\n');
}

/** The fields of a status update that say whether its executor ended under it. */
export interface TerminatedStatus {
  readonly state: string;
  readonly reason?: string | undefined;
  readonly message?: string | undefined;
  readonly agent_id?: { readonly value: string } | undefined;
  readonly executor_id?: { readonly value: string } | undefined;
}

/**
 * The message a status update should carry: for a task failed because its executor terminated
 * (`REASON_EXECUTOR_TERMINATED`), Mesos's message followed by the tail of the executor's stderr;
 * undefined for any other update or when the sandbox cannot be read.
 */
export const explainExecutorExit =
  (deps: {
    readonly agentAddress: (agentId: string) => AgentAddress | undefined;
    readonly frameworkId: () => string | undefined;
    readonly env?: Readonly<Record<string, string | undefined>>;
  }) =>
  async (s: TerminatedStatus): Promise<string | undefined> => {
    if (s.state !== 'TASK_FAILED' || s.reason !== 'REASON_EXECUTOR_TERMINATED') return undefined;
    const agent = s.agent_id === undefined ? undefined : deps.agentAddress(s.agent_id.value);
    const frameworkId = deps.frameworkId();
    if (agent === undefined || frameworkId === undefined || s.executor_id === undefined)
      return undefined;
    const tail = await executorStderrTail({
      agent,
      frameworkId,
      executorId: s.executor_id.value,
      ...(deps.env === undefined ? {} : { env: deps.env }),
    });
    return tail === undefined
      ? undefined
      : `${s.message ?? 'Executor terminated'}; the executor's stderr ends with:\n${tail}`;
  };
