/**
 * @scaleio-framework/zk-harness: starts a real ZooKeeper server (Debian's `zookeeper` package) on
 * a free loopback port for tests, and stops it again.
 *
 * @packageDocumentation
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import {
  freePort,
  makeTempDir,
  prerequisite,
  startProcess,
  type Prerequisite,
} from '@scaleio-framework/testkit';

/** The package name, as published. */
export const packageName = '@scaleio-framework/zk-harness';

/** Where Debian installs ZooKeeper's jar (its manifest `Class-Path` names its dependencies). */
export const zooKeeperJar = '/usr/share/java/zookeeper.jar';
/** A logging binding that silences the server (slf4j without a binding prints warnings). */
const slf4jNop = '/usr/share/java/slf4j-nop.jar';

/** A running ZooKeeper server. */
export interface ZooKeeperServer {
  /** `127.0.0.1:<port>`, as node-zookeeper-client expects it. */
  readonly connectString: string;
  readonly port: number;
  /** The server's data directory (removed by {@link ZooKeeperServer.stop}). */
  readonly dataDir: string;
  /** Kills the server (SIGTERM, then SIGKILL after 5 s) and removes its directory. Idempotent. */
  stop(): Promise<void>;
}

/** Options of {@link startZooKeeper}. */
export interface StartOptions {
  /** ZooKeeper tick in ms; sessions may last 2–20 ticks. Default 500. */
  readonly tickTimeMs?: number;
  /** How long to wait for the server to serve. Default 60 000 ms (JVMs start slowly on busy machines). */
  readonly startTimeoutMs?: number;
}

const findOnPath = (name: string): string | undefined =>
  (process.env['PATH'] ?? '')
    .split(delimiter)
    .filter((d) => d.length > 0)
    .map((d) => join(d, name))
    .find((p) => existsSync(p));

/** True when Debian's ZooKeeper jar and a `java` binary are present (see {@link zooKeeperPrerequisite}). */
export const zooKeeperAvailable = (): boolean =>
  existsSync(zooKeeperJar) && findOnPath('java') !== undefined;

/**
 * ZooKeeper as a test prerequisite (testkit `requirePrereq`): its tests are skipped without it,
 * and fail the run under CI=true (`.ci/run` installs the Debian package).
 */
export const zooKeeperPrerequisite = (): Prerequisite =>
  prerequisite('ZooKeeper (Debian package zookeeper, and java)', () =>
    zooKeeperAvailable()
      ? undefined
      : `${zooKeeperJar} or java is missing (apt-get install zookeeper)`,
  );

/** A free TCP port on 127.0.0.1 (the testkit's). */
export { freePort } from '@scaleio-framework/testkit';

/** Sends a four-letter-word command and resolves with the reply ('' on any connection error). */
export const fourLetterWord = (port: number, word: string): Promise<string> =>
  new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port });
    let out = '';
    sock.setTimeout(2000, () => sock.destroy());
    sock.on('connect', () => sock.end(word));
    sock.on('data', (d) => (out += d.toString('utf8')));
    sock.on('error', () => resolve(''));
    sock.on('close', () => resolve(out));
  });

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const zooCfg = (dataDir: string, port: number, tickTimeMs: number): string =>
  [
    `tickTime=${tickTimeMs}`,
    `dataDir=${dataDir}`,
    `clientPort=${port}`,
    'clientPortAddress=127.0.0.1',
    'maxClientCnxns=0',
    'admin.enableServer=false',
    '4lw.commands.whitelist=ruok,srvr,stat,mntr',
    'preAllocSize=1024',
    'snapCount=100000',
    '',
  ].join('\n');

const startOnce = async (opts: StartOptions): Promise<ZooKeeperServer | string> => {
  const port = await freePort();
  const dir = makeTempDir('zk-harness-');
  const dataDir = dir.join('data');
  mkdirSync(dataDir);
  const cfg = dir.join('zoo.cfg');
  writeFileSync(cfg, zooCfg(dataDir, port, opts.tickTimeMs ?? 500));
  // The process harness SIGKILLs the server if the test process exits without stopping it.
  const server = await startProcess({
    command: 'java',
    args: [
      '-Xmx192m',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-Dzookeeper.jmx.log4j.disable=true',
      '-cp',
      existsSync(slf4jNop) ? `${zooKeeperJar}:${slf4jNop}` : zooKeeperJar,
      'org.apache.zookeeper.server.ZooKeeperServerMain',
      cfg,
    ],
    name: 'ZooKeeper',
  });
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await server.stop();
    dir.remove();
  };
  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  for (let delay = 50; Date.now() < deadline; delay = Math.min(delay * 2, 500)) {
    const exit = server.child.exitCode ?? server.child.signalCode;
    if (exit !== null) {
      await stop();
      return `ZooKeeper exited with ${exit}: ${server.stderr().slice(-4000).trim()}`;
    }
    // `ruok` answers before the server serves; `srvr` shows a mode only once it does.
    if (/Mode: standalone/.test(await fourLetterWord(port, 'srvr'))) {
      return { connectString: `127.0.0.1:${port}`, port, dataDir, stop };
    }
    await pause(delay);
  }
  await stop();
  return `ZooKeeper did not answer on port ${port} in time: ${server.stderr().slice(-4000).trim()}`;
};

/**
 * Starts a standalone ZooKeeper on 127.0.0.1 and a free port, in a fresh temporary data directory,
 * and resolves once it serves requests (`srvr` reports its mode). Retries up to three times when the port was taken between
 * choosing and binding it. Rejects (test helper, not library code) when it cannot start.
 * Always `stop()` it in a `finally`.
 */
export const startZooKeeper = async (opts: StartOptions = {}): Promise<ZooKeeperServer> => {
  if (!zooKeeperAvailable()) {
    throw new Error(`ZooKeeper is not installed (${zooKeeperJar} or java missing)`);
  }
  let last = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = await startOnce(opts);
    if (typeof r !== 'string') return r;
    last = r;
  }
  throw new Error(last);
};
