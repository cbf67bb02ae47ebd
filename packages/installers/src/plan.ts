/**
 * The plan model. A {@link Plan} is data: components, each an ordered list of {@link InstallStep}s. A
 * step has a `check` (is it already done?) and a list of {@link Action}s (what `apply` does).
 * Because the actions are data, the dry-run renderer prints exactly what `apply` would run.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import type { HostError } from './errors.js';
import type { Arg, Host } from './host.js';
import type { InitSystem, PackageFormat, ServiceAction } from './platform.js';
import type { Secret, Text } from './secret.js';

/** What a step's check found. */
export type StepCheck =
  | { readonly _tag: 'done'; readonly detail: string }
  | { readonly _tag: 'pending'; readonly detail: string }
  | { readonly _tag: 'blocked'; readonly reason: string };

/** The step is done. */
export const done = (detail: string): StepCheck => ({ _tag: 'done', detail });
/** The step must be applied. */
export const pending = (detail: string): StepCheck => ({ _tag: 'pending', detail });
/** The step cannot run (a precondition is missing); the plan stops here with this reason. */
export const blocked = (reason: string): StepCheck => ({ _tag: 'blocked', reason });

/** One thing `apply` does. */
export type Action =
  | {
      readonly kind: 'run';
      readonly argv: readonly [string, ...Arg[]];
      readonly env?: Readonly<Record<string, Text>>;
      readonly stdin?: Text;
      readonly timeoutMs?: number;
      /** Accepted exit codes (default `[0]`). */
      readonly accept?: readonly number[];
      /** When set, stdout+stderr must match, or the action fails (the original's success regexes). */
      readonly expect?: RegExp;
    }
  | { readonly kind: 'write'; readonly path: string; readonly content: Text; readonly mode: number }
  | {
      readonly kind: 'edit';
      readonly path: string;
      readonly mode: number;
      /** What the edit does, for people. */
      readonly summary: string;
      /** New content from the old (`undefined` when absent); `Left` is a clear error message. */
      readonly edit: (old: string | undefined) => Either<string, string>;
    }
  | {
      readonly kind: 'download';
      readonly url: string;
      readonly dest: string;
      readonly sha256?: string;
      readonly mode?: number;
      /** PEM CA bundle an https URL's certificate must chain to (default: the system CAs). */
      readonly ca?: string;
    }
  | {
      /**
       * Run `sha256sum <path>` on the node and compare: a different digest removes the file and
       * fails the step (`ChecksumMismatch`), so nothing after it uses the file.
       */
      readonly kind: 'verify';
      readonly path: string;
      /** Expected lowercase hex sha256. */
      readonly sha256: string;
      /** Where the file came from (named in the error). */
      readonly source: string;
    }
  | { readonly kind: 'remove'; readonly path: string }
  | {
      readonly kind: 'service';
      readonly init: InitSystem;
      readonly action: ServiceAction;
      readonly name: string;
      readonly format: PackageFormat;
    }
  | {
      readonly kind: 'custom';
      /** What it does, for people (one line). */
      readonly summary: string;
      /** Exact commands or files it touches, for the dry-run renderer. */
      readonly lines: readonly string[];
      readonly exec: (host: Host) => Promise<Either<HostError, void>>;
    };

/** One idempotent unit of work. */
export interface InstallStep {
  /** Stable id within the plan, e.g. `sds.install`. */
  readonly id: string;
  readonly description: string;
  /** What `check` runs, for the dry-run renderer (e.g. `$ uname -r`); optional. */
  readonly checks?: readonly string[];
  readonly check: (host: Host) => Promise<Either<HostError, StepCheck>>;
  readonly actions: readonly Action[];
}

/** A named group of steps (a component install, or a phase). */
export interface Component {
  readonly name: string;
  readonly steps: readonly InstallStep[];
}

/** A whole plan for one node. */
export interface Plan {
  readonly id: string;
  readonly title: string;
  readonly components: readonly Component[];
  /** Secrets the plan embeds; runners and renderers redact them. */
  readonly secrets: readonly Secret[];
}
