/**
 * Throw-away TLS certificates for loopback servers, made with the `openssl` CLI at test time.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withTempDirSync } from './temp-dir.js';

/** PEM key and certificate; the certificate is self-signed, so it doubles as its own CA. */
export interface TestCert {
  readonly key: string;
  readonly cert: string;
}

/** A {@link TestCert} kept on disk. */
export interface TestCertFiles extends TestCert {
  readonly certPath: string;
  readonly keyPath: string;
}

/** Options of {@link makeTestCert} and {@link writeTestCert}. */
export interface TestCertOptions {
  /** `ec` (P-256, the default: fast) or `rsa` (2048 bits). */
  readonly algorithm?: 'ec' | 'rsa';
  /** Days of validity (default 1). */
  readonly days?: number;
}

const keyArgs = (algorithm: 'ec' | 'rsa'): string[] =>
  algorithm === 'rsa'
    ? ['-newkey', 'rsa:2048']
    : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];

/**
 * Writes a fresh self-signed certificate for `CN=127.0.0.1` (subjectAltName `IP:127.0.0.1`,
 * `DNS:localhost`) and its unencrypted key into `dir` as `cert.pem` and `key.pem`. The files stay.
 */
export const writeTestCert = (dir: string, opts: TestCertOptions = {}): TestCertFiles => {
  mkdirSync(dir, { recursive: true });
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      ...keyArgs(opts.algorithm ?? 'ec'),
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      String(opts.days ?? 1),
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'pipe' },
  );
  return {
    cert: readFileSync(certPath, 'utf8'),
    key: readFileSync(keyPath, 'utf8'),
    certPath,
    keyPath,
  };
};

/** A fresh self-signed certificate for 127.0.0.1 and `localhost`, in memory (no file is left). */
export const makeTestCert = (opts: TestCertOptions = {}): TestCert =>
  withTempDirSync('testkit-tls-', (dir) => {
    const { key, cert } = writeTestCert(dir, opts);
    return { key, cert };
  });
