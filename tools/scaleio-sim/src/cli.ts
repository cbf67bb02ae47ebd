/**
 * The command line of scaleio-sim (the simulators' convention, testkit): options read with
 * `parseArgs`, decoded with io-ts into {@link ScaleioSimOptions}.
 */
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import {
  cliSpec,
  makeTempDir,
  parseFlags,
  writeTestCert,
  type CliParse,
} from '@scaleio-framework/testkit';
import type { ScaleioSimOptions } from './server.js';

/** The command line: every option, as `--help` shows it. */
export const CLI = cliSpec(
  'scaleio-sim',
  'A ScaleIO 2.x gateway and its MDM on 127.0.0.1, with an admin API under /sim/.',
  `
    --port <p>           TCP port (default 0: any free port)
    --tls                serve HTTPS (with --cert/--key, or a self-signed certificate)
    --cert <file>        certificate (PEM) for --tls
    --key <file>         its key (PEM)
    --user <name>        gateway admin user (default admin)
    --password <secret>  gateway admin password (default Scaleio123)
    --bootstrap          start with a 3-node MDM cluster and three SDS hosts
  `,
  '--tls without --cert/--key makes a self-signed certificate for 127.0.0.1 and prints its path\non stderr (clients use it as their CA).',
);

const Port = t.refinement(t.string, (s) => /^\d{1,5}$/.test(s) && Number(s) <= 65535, 'Port');
const opt = <C extends t.Mixed>(c: C) => t.union([c, t.undefined]);
const Args = t.type({
  port: opt(Port),
  tls: opt(t.boolean),
  cert: opt(t.string),
  key: opt(t.string),
  user: opt(t.string),
  password: opt(t.string),
  bootstrap: opt(t.boolean),
});

/** What the command line asks for; `--tls` alone stands for a certificate made at start. */
export interface CliOptions {
  readonly sim: ScaleioSimOptions;
  readonly tls?: { readonly certFile: string; readonly keyFile: string } | 'self-signed';
}

/** Parses argv (without node and script). */
export const parseCli = (argv: readonly string[]): CliParse<CliOptions> => {
  const flags = parseFlags(CLI, argv);
  if (!('flags' in flags)) return flags;
  const decoded = Args.decode(flags.flags.values);
  if (E.isLeft(decoded)) return { error: PathReporter.report(decoded).join('; ') };
  const a = decoded.right;
  const sim: ScaleioSimOptions = {
    port: a.port === undefined ? 0 : Number(a.port),
    bootstrap: a.bootstrap === true,
    ...(a.user === undefined ? {} : { username: a.user }),
    ...(a.password === undefined ? {} : { password: a.password }),
  };
  if (a.tls !== true) return { options: { sim } };
  if ((a.cert === undefined) !== (a.key === undefined))
    return { error: '--cert and --key go together' };
  const tls =
    a.cert !== undefined && a.key !== undefined
      ? { certFile: a.cert, keyFile: a.key }
      : ('self-signed' as const);
  return { options: { sim, tls } };
};

/**
 * The simulator options with the TLS material read or made: a self-signed certificate is written
 * to a fresh directory (kept while the process runs) and its path is reported through `say`.
 */
export const withTls = (o: CliOptions, say: (line: string) => void): ScaleioSimOptions => {
  if (o.tls === undefined) return o.sim;
  if (o.tls !== 'self-signed')
    return {
      ...o.sim,
      tls: { cert: readFileSync(o.tls.certFile), key: readFileSync(o.tls.keyFile) },
    };
  const made = writeTestCert(makeTempDir('scaleio-sim-tls-').path, { algorithm: 'rsa', days: 2 });
  say(`scaleio-sim: self-signed certificate at ${made.certPath}`);
  return { ...o.sim, tls: { cert: made.cert, key: made.key } };
};
