#!/usr/bin/env node
/**
 * scaleio-sim CLI: `scaleio-sim --port <p> [--tls [--cert f --key f]] [--user u --password p] [--bootstrap]`.
 * Prints `scaleio-sim listening on <url>` when ready; stops on SIGINT/SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { startScaleioSim, type ScaleioSimOptions } from '../server.js';
import { selfSignedCert } from './tls.js';

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

const fail = (message: string): never => {
  process.stderr.write(`scaleio-sim: ${message}\n`);
  process.exit(2);
};

const main = async (): Promise<void> => {
  let raw: unknown;
  try {
    raw = parseArgs({
      options: {
        port: { type: 'string' },
        tls: { type: 'boolean' },
        cert: { type: 'string' },
        key: { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        bootstrap: { type: 'boolean' },
      },
    }).values;
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  const decoded = Args.decode(raw);
  if (E.isLeft(decoded)) return fail(PathReporter.report(decoded).join('; '));
  const a = decoded.right;
  const opts: ScaleioSimOptions = {
    port: a.port === undefined ? 0 : Number(a.port),
    bootstrap: a.bootstrap === true,
  };
  if (a.user !== undefined) opts.username = a.user;
  if (a.password !== undefined) opts.password = a.password;
  if (a.tls === true) {
    if ((a.cert === undefined) !== (a.key === undefined)) fail('--cert and --key go together');
    if (a.cert !== undefined && a.key !== undefined)
      opts.tls = { cert: readFileSync(a.cert), key: readFileSync(a.key) };
    else {
      const made = selfSignedCert();
      opts.tls = { cert: made.cert, key: made.key };
      process.stderr.write(`scaleio-sim: self-signed certificate at ${made.certPath}\n`);
    }
  }
  const sim = await startScaleioSim(opts);
  process.stdout.write(`scaleio-sim listening on ${sim.url}\n`);
  const stop = (): void => {
    void sim.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
};

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
