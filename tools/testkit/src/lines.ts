/**
 * Collects a child process's output as text and as lines, and answers "the first line that
 * matches", whether it came already or comes later.
 *
 * @module
 */
import type { ChildProcess } from 'node:child_process';

/** One of a child's output streams. */
export type OutputStream = 'stdout' | 'stderr';

/** The collected output of one child process. */
export interface LineCollector {
  /** Every complete line of both streams, in arrival order. */
  readonly lines: () => readonly string[];
  /** All text of one stream so far. */
  readonly text: (stream: OutputStream) => string;
  /** The last `n` lines (default 20) of both streams, with the unfinished ones. */
  readonly tail: (n?: number) => string;
  /** The first line (of `on`, past or future) that matches `re`; never settles if none does. */
  readonly match: (re: RegExp, on: OutputStream | 'any') => Promise<RegExpExecArray>;
}

interface Line {
  readonly text: string;
  readonly stream: OutputStream;
}

interface Waiter {
  readonly re: RegExp;
  readonly on: OutputStream | 'any';
  readonly resolve: (m: RegExpExecArray) => void;
}

const test = (w: Pick<Waiter, 're' | 'on'>, l: Line): RegExpExecArray | null =>
  w.on === 'any' || w.on === l.stream ? w.re.exec(l.text) : null;

/** Starts collecting `child`'s stdout and stderr (both must be pipes); `onLine` sees each line. */
export const createLineCollector = (
  child: ChildProcess,
  onLine?: (line: string, stream: OutputStream) => void,
): LineCollector => {
  const all: Line[] = [];
  const text: Record<OutputStream, string> = { stdout: '', stderr: '' };
  const partial: Record<OutputStream, string> = { stdout: '', stderr: '' };
  const waiters = new Set<Waiter>();

  const add = (l: Line): void => {
    all.push(l);
    onLine?.(l.text, l.stream);
    for (const w of [...waiters]) {
      const m = test(w, l);
      if (m === null) continue;
      waiters.delete(w);
      w.resolve(m);
    }
  };
  const listen = (stream: OutputStream): void => {
    const s = child[stream];
    if (s === null) return;
    s.setEncoding('utf8');
    s.on('data', (chunk: string) => {
      text[stream] += chunk;
      const parts = (partial[stream] + chunk).split('\n');
      partial[stream] = parts.pop() ?? '';
      for (const p of parts) add({ text: p.replace(/\r$/, ''), stream });
    });
    s.on('end', () => {
      if (partial[stream] !== '') add({ text: partial[stream], stream });
      partial[stream] = '';
    });
  };
  listen('stdout');
  listen('stderr');

  return {
    lines: () => all.map((l) => l.text),
    text: (stream) => text[stream],
    tail: (n = 20) =>
      [...all.map((l) => l.text), partial.stdout, partial.stderr]
        .filter((l) => l !== '')
        .slice(-n)
        .join('\n'),
    match: (re, on) => {
      for (const l of all) {
        const m = test({ re, on }, l);
        if (m !== null) return Promise.resolve(m);
      }
      return new Promise((resolve) => waiters.add({ re, on, resolve }));
    },
  };
};
