/**
 * Ground truth on the wire: every JSON document that crosses mesos-sim — the scheduler's calls and
 * the events it is sent, the executors' calls and their events — is recorded and validated
 * against the official Mesos protos (`../shared/mesos-proto`, protobufjs, the strict walker of
 * mesos-sim). With `CI=true` a missing schema is a failure; elsewhere the check is skipped.
 */
import {
  defaultProtoDir,
  schemaSkipReason,
  validateMessage,
  type Direction,
  type JsonObserver,
} from '@scaleio-framework/mesos-sim';

/** At most this many problems are kept (the count goes on). */
const MAX_PROBLEMS = 50;

/** What a run's wire check found. */
export interface WireReport {
  /** Messages validated against the protos. */
  readonly validated: number;
  /** Messages that did not validate. */
  readonly invalid: number;
  /** Validated messages per `<proto type> <direction>`. */
  readonly byType: Readonly<Record<string, number>>;
  /** The first problems found, each naming the message. */
  readonly problems: readonly string[];
  /** Why nothing was validated (the schema is absent and this is not CI). */
  readonly skipped: string | undefined;
}

/** A wire recorder: its observer goes to `startMesosSim({observe})`. */
export interface WireCheck {
  readonly observe: JsonObserver;
  /** Also calls `fn` for every message, synchronously (e.g. to act on an event being sent). */
  readonly watch: (fn: JsonObserver) => () => void;
  readonly report: () => WireReport;
  /** One line: how many messages were validated, how many were invalid. */
  readonly summary: () => string;
}

const isCi = (): boolean => /^(1|true)$/i.test(process.env['CI'] ?? '');

/** A fresh recorder. */
export function wireCheck(): WireCheck {
  const skip = schemaSkipReason();
  const byType: Record<string, number> = {};
  const problems: string[] = [];
  const watchers = new Set<JsonObserver>();
  let validated = 0;
  let invalid = 0;
  if (skip !== undefined && isCi()) {
    invalid += 1;
    problems.push(`CI=true but the Mesos schema is missing: ${skip} (${defaultProtoDir()})`);
  }
  const observe: JsonObserver = (typeName: string, json: unknown, direction: Direction) => {
    for (const w of watchers) w(typeName, json, direction);
    if (skip !== undefined) return;
    const found = validateMessage(typeName, json);
    validated += 1;
    const key = `${typeName} ${direction}`;
    byType[key] = (byType[key] ?? 0) + 1;
    if (found.length === 0) return;
    invalid += 1;
    if (problems.length < MAX_PROBLEMS)
      problems.push(
        `${direction} ${typeName}: ${found.slice(0, 3).join('; ')} in ${JSON.stringify(json).slice(0, 300)}`,
      );
  };
  const report = (): WireReport => ({
    validated,
    invalid,
    byType: { ...byType },
    problems: [...problems],
    skipped: skip !== undefined && !isCi() ? skip : undefined,
  });
  return {
    observe,
    watch: (fn) => {
      watchers.add(fn);
      return () => void watchers.delete(fn);
    },
    report,
    summary: () => {
      const r = report();
      if (r.skipped !== undefined) return `mesos wire: not validated (${r.skipped})`;
      const parts = Object.entries(r.byType)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, n]) => `${k.replace('mesos.v1.', '')} ${n}`)
        .join(', ');
      return `mesos wire: ${r.validated} messages validated against the Mesos protos (${parts}), ${r.invalid} invalid`;
    },
  };
}

/** Throws when a message did not validate (or, with CI=true, when the schema is missing). */
export function assertWireValid(w: WireCheck): WireReport {
  const r = w.report();
  if (r.invalid > 0)
    throw new Error(`${r.invalid} Mesos wire messages are invalid:\n${r.problems.join('\n')}`);
  return r;
}
