/**
 * The files the scheduler serves to the Mesos fetcher (the executor bundle today), checked once at
 * start: a scheduler that cannot serve one would launch executors whose fetch fails on every agent,
 * in the middle of a deploy. Each problem is one line that names the artifact, the path and what to
 * change.
 */
import { accessSync, constants, statSync } from 'node:fs';

/** A file the scheduler serves. */
export interface ServedArtifact {
  /** Its name in the URL (`/executor/<name>`). */
  readonly name: string;
  /** Where it is on the scheduler's host; undefined when none was found. */
  readonly path: string | undefined;
  /** The option that sets the path (named in the problem). */
  readonly option: string;
}

/** What {@link artifactProblem} asks of the file system (the real one by default). */
export interface ArtifactFs {
  /** `undefined` when the path does not exist. */
  readonly stat: (path: string) => { readonly isFile: boolean; readonly size: number } | undefined;
  readonly readable: (path: string) => boolean;
}

const realFs: ArtifactFs = {
  stat: (p) => {
    try {
      const s = statSync(p);
      return { isFile: s.isFile(), size: s.size };
    } catch {
      return undefined;
    }
  },
  readable: (p) => {
    try {
      accessSync(p, constants.R_OK);
      return true;
    } catch {
      return false;
    }
  },
};

/**
 * The first artifact the scheduler could not serve, as one line (`cannot serve the executor
 * artifact scaleio-executor.mjs: /x/y does not exist; set --executor-path to the file`), or
 * undefined when every one is a readable, non-empty file.
 */
export const artifactProblem = (
  artifacts: readonly ServedArtifact[],
  fs: ArtifactFs = realFs,
): string | undefined => {
  for (const a of artifacts) {
    const why = ((): string | undefined => {
      if (a.path === undefined || a.path === '') return 'no such file beside the scheduler binary';
      const s = fs.stat(a.path);
      if (s === undefined) return `${a.path} does not exist`;
      if (!s.isFile) return `${a.path} is not a file`;
      if (s.size === 0) return `${a.path} is empty`;
      if (!fs.readable(a.path)) return `${a.path} is not readable`;
      return undefined;
    })();
    if (why !== undefined)
      return `cannot serve the executor artifact ${a.name}: ${why}; set ${a.option} to the file (the release archive has it beside the scheduler)`;
  }
  return undefined;
};
