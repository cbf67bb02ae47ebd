/**
 * Where the scheduler finds the master: a comma-separated list of URLs, or `zk://` where the
 * leading master is the `json.info_<seq>` znode with the lowest sequence number.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { MesosError } from '../errors.js';
import { redact } from '../errors.js';
import { MasterInfo } from '../codecs/framework.js';
import { decodeWith } from '../events.js';

/** How masters are found. */
export type MasterSource =
  | { readonly _tag: 'Urls'; readonly urls: readonly string[] }
  | {
      readonly _tag: 'ZooKeeper';
      readonly hosts: string;
      readonly path: string;
      readonly raw: string;
    };

const normalizeUrl = (value: string): E.Either<MesosError, string> => {
  const withScheme = /^[a-z]+:\/\//i.test(value) ? value : `http://${value}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    return E.right(url.origin);
  } catch {
    return E.left({ _tag: 'InvalidConfig', message: `not a master URL: '${redact(value)}'` });
  }
};

/**
 * Why one `host[:port]` of a ZooKeeper connect string is unusable, or undefined. node-zookeeper-
 * client's `ConnectionStringParser` splits each item on ':' (so no IPv6 literal) and defaults the
 * port to 2181; a port that is not a number 1-65535 would throw a `RangeError` from
 * `net.connect` later, so it is refused here.
 */
const zkHostProblem = (hostPort: string): string | undefined => {
  const m = /^([^\s:[\]/@]+)(?::(.*))?$/.exec(hostPort.trim());
  if (m === null) return `'${hostPort}' is not host[:port]`;
  const port = m[2];
  if (port === undefined) return undefined;
  return /^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535
    ? undefined
    : `port '${port}' of '${m[1] ?? ''}' is not a number 1-65535`;
};

/** Why a ZooKeeper connect string (`h1:2181,h2:2181`) is unusable, or undefined. */
export const zkConnectStringProblem = (hosts: string): string | undefined =>
  hosts
    .split(',')
    .map(zkHostProblem)
    .find((p) => p !== undefined);

/**
 * Parse `http://m1:5050,http://m2:5050`, `m1:5050` or `zk://h1:2181,h2:2181/mesos`. The whole
 * value is one `zk://` URL (whose host list holds the commas) or a comma-separated URL list.
 */
export const parseMasterSource = (
  spec: string | readonly string[],
): E.Either<MesosError, MasterSource> => {
  const items = (typeof spec === 'string' ? [spec] : spec)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const first = items[0];
  if (first === undefined) return E.left({ _tag: 'InvalidConfig', message: 'no master given' });
  if (items.length === 1 && first.startsWith('zk://')) {
    const rest = first.slice('zk://'.length).replace(/^[^@/]*@/, '');
    const slash = rest.indexOf('/');
    const hosts = slash < 0 ? rest : rest.slice(0, slash);
    const path = slash < 0 ? '/mesos' : rest.slice(slash).replace(/\/+$/, '') || '/mesos';
    if (hosts === '') return E.left({ _tag: 'InvalidConfig', message: 'zk:// URL without hosts' });
    const bad = hosts
      .split(',')
      .map(zkHostProblem)
      .find((p) => p !== undefined);
    if (bad !== undefined) return E.left({ _tag: 'InvalidConfig', message: `zk:// URL: ${bad}` });
    return E.right({ _tag: 'ZooKeeper', hosts, path, raw: first });
  }
  const urls: string[] = [];
  for (const item of items.flatMap((s) => s.split(','))) {
    if (item.trim() === '') continue;
    const url = normalizeUrl(item.trim());
    if (E.isLeft(url)) return url;
    urls.push(url.right);
  }
  return E.right({ _tag: 'Urls', urls });
};

/** The sequence number of a `json.info_<seq>` znode, or undefined for other children. */
export const leaderSequence = (child: string): number | undefined => {
  const m = /^json\.info_(\d+)$/.exec(child);
  return m?.[1] === undefined ? undefined : Number(m[1]);
};

/** The base URL (`http://host:port`) of a master from its MasterInfo. */
export const masterUrl = (info: MasterInfo): string | undefined => {
  const host = info.address?.hostname ?? info.hostname ?? info.address?.ip;
  const port = info.address?.port ?? info.port;
  return host === undefined || port === undefined ? undefined : `http://${host}:${port}`;
};

/** Read the leading master's MasterInfo from ZooKeeper (one connection, closed afterwards). */
export const detectLeader = (
  source: Extract<MasterSource, { _tag: 'ZooKeeper' }>,
  timeoutMs: number,
): Promise<E.Either<MesosError, { readonly url: string; readonly info: MasterInfo }>> =>
  // Loaded on first use: most processes (every executor) never talk to ZooKeeper.
  import('node-zookeeper-client').then(({ default: zookeeper }) =>
    readLeader(zookeeper, source, timeoutMs),
  );

const readLeader = (
  zookeeper: typeof import('node-zookeeper-client').default,
  source: Extract<MasterSource, { _tag: 'ZooKeeper' }>,
  timeoutMs: number,
): Promise<E.Either<MesosError, { readonly url: string; readonly info: MasterInfo }>> =>
  new Promise((resolve) => {
    const fail = (message: string): E.Either<MesosError, never> =>
      E.left({ _tag: 'NoMasterFound', source: source.raw, message });
    let client: ReturnType<typeof zookeeper.createClient>;
    try {
      client = zookeeper.createClient(source.hosts, { sessionTimeout: timeoutMs, retries: 0 });
    } catch (error) {
      return resolve(fail(error instanceof Error ? error.message : String(error)));
    }
    let settled = false;
    const finish = (result: E.Either<MesosError, { url: string; info: MasterInfo }>): void => {
      if (settled) return;
      settled = true;
      cancelTimer();
      client.close();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish(fail(`ZooKeeper did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const cancelTimer = (): void => clearTimeout(timer);
    client.once('connected', () => {
      client.getChildren(source.path, (error, children) => {
        if (error) return finish(fail(`listing ${source.path}: ${error.message}`));
        const leader = children
          .map((c) => ({ c, seq: leaderSequence(c) }))
          .filter((x): x is { c: string; seq: number } => x.seq !== undefined)
          .sort((a, b) => a.seq - b.seq)[0];
        if (leader === undefined) return finish(fail(`no json.info_ node under ${source.path}`));
        client.getData(`${source.path}/${leader.c}`, (err, data) => {
          if (err) return finish(fail(`reading ${leader.c}: ${err.message}`));
          let json: unknown;
          try {
            json = JSON.parse((data ?? Buffer.alloc(0)).toString('utf8'));
          } catch {
            return finish(fail(`${leader.c} is not JSON`));
          }
          const info = decodeWith(MasterInfo, `MasterInfo in ${leader.c}`)(json);
          if (E.isLeft(info)) return finish(info);
          const url = masterUrl(info.right);
          return finish(
            url === undefined
              ? fail(`${leader.c} has no address`)
              : E.right({ url, info: info.right }),
          );
        });
      });
    });
    try {
      client.connect();
    } catch (error) {
      finish(fail(error instanceof Error ? error.message : String(error)));
    }
  });
