/**
 * The closed union of errors of this package. Every IO failure is mapped to one of these in the
 * host adapter ({@link ./local-host.ts}); nothing is thrown across the package boundary.
 */

/** A command could not be started: the program is not on PATH or not executable. */
export interface CommandNotFound {
  readonly _tag: 'CommandNotFound';
  readonly command: string;
  readonly message: string;
}

/** A command ran and exited with a status that the caller did not accept. */
export interface CommandFailed {
  readonly _tag: 'CommandFailed';
  /** The command line, secrets shown as `<secret:name>`. */
  readonly commandLine: string;
  readonly exitCode: number;
  /** The last lines of stderr (or stdout), secrets redacted. */
  readonly output: string;
  readonly message: string;
}

/** A command was killed after its timeout. */
export interface CommandTimedOut {
  readonly _tag: 'CommandTimedOut';
  readonly commandLine: string;
  readonly timeoutMs: number;
  readonly message: string;
}

/** A file operation under the host root failed. */
export interface FileError {
  readonly _tag: 'FileError';
  readonly path: string;
  readonly op: 'read' | 'write' | 'remove' | 'stat' | 'mkdir';
  readonly message: string;
}

/** A download failed after all its attempts. */
export interface DownloadFailed {
  readonly _tag: 'DownloadFailed';
  readonly url: string;
  readonly attempts: number;
  readonly message: string;
}

/** A downloaded file did not have the expected sha256. */
export interface ChecksumMismatch {
  readonly _tag: 'ChecksumMismatch';
  readonly url: string;
  readonly expected: string;
  readonly actual: string;
  readonly message: string;
}

/** A tool printed something we could not understand (e.g. lsblk JSON of the wrong shape). */
export interface BadOutput {
  readonly _tag: 'BadOutput';
  readonly command: string;
  readonly message: string;
}

/** A plan or step spec was invalid, or a step's preconditions cannot be met. */
export interface InvalidInput {
  readonly _tag: 'InvalidInput';
  readonly message: string;
}

/** Every error of this package. */
export type InstallerError =
  | CommandNotFound
  | CommandFailed
  | CommandTimedOut
  | FileError
  | DownloadFailed
  | ChecksumMismatch
  | BadOutput
  | InvalidInput;

/** Errors a {@link Host} operation can return. */
export type HostError = InstallerError;

/** Builds an {@link InvalidInput}. */
export const invalidInput = (message: string): InvalidInput => ({ _tag: 'InvalidInput', message });

/** Builds a {@link BadOutput}. */
export const badOutput = (command: string, message: string): BadOutput => ({
  _tag: 'BadOutput',
  command,
  message: `${command}: ${message}`,
});

/** Builds a {@link FileError}. */
export const fileError = (path: string, op: FileError['op'], cause: string): FileError => ({
  _tag: 'FileError',
  path,
  op,
  message: `${op} ${path}: ${cause}`,
});
