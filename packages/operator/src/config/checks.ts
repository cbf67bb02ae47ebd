/**
 * Checks of option values that need the file system (through {@link ConfigFs}, injected in
 * tests): each returns why the value cannot work, or `undefined`. The empty string means the
 * option is off and always passes.
 *
 * @module
 */
import { dirname, resolve } from 'node:path';
import type { ConfigFs } from './load.js';

const errno = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? 'error';

/** A file that exists and can be read. */
export const readableFile = (path: string, fs: ConfigFs): string | undefined => {
  if (path === '') return undefined;
  const kind = fs.kind(path);
  if (kind === 'missing') return `${path} does not exist`;
  if (kind !== 'file') return `${path} is not a file`;
  try {
    fs.readFile(path);
    return undefined;
  } catch (e) {
    return `cannot read ${path} (${errno(e)})`;
  }
};

/** A readable file holding at least one PEM certificate (a CA bundle). */
export const pemCertificateFile = (path: string, fs: ConfigFs): string | undefined => {
  const bad = readableFile(path, fs);
  if (bad !== undefined || path === '') return bad;
  return /-----BEGIN CERTIFICATE-----/.test(fs.readFile(path))
    ? undefined
    : `${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`;
};

/** A file whose directory exists (the file itself may be created later). */
export const fileInExistingDirectory = (path: string, fs: ConfigFs): string | undefined => {
  if (path === '') return undefined;
  const dir = dirname(resolve(path));
  const kind = fs.kind(dir);
  if (kind !== 'directory') return `directory ${dir} does not exist`;
  return fs.kind(path) === 'directory' ? `${path} is a directory, not a file` : undefined;
};
