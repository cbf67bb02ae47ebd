/**
 * A command line as one option table: the table drives `node:util` `parseArgs` and writes the
 * `--help` text.
 *
 * @module
 */
import { parseArgs } from 'node:util';

/** One command-line option: how `parseArgs` reads it and how `--help` shows it. */
export interface CliOption {
  /** The long name, without `--`. */
  readonly name: string;
  /** `string` takes a value (its placeholder is `value`); `boolean` is a switch. */
  readonly type: 'string' | 'boolean';
  /** Placeholder of the value in the usage, e.g. `<port>` (string options). */
  readonly value?: string;
  /** May be given several times. */
  readonly multiple?: boolean;
  /** A one-letter alias. */
  readonly short?: string;
  /** What it does (one line). */
  readonly description: string;
}

/** A command line: its name, what it is, and its options (`--help` is added to every one). */
export interface CliSpec {
  readonly name: string;
  readonly summary: string;
  readonly options: readonly CliOption[];
  /** More text after the option list. */
  readonly notes?: string;
}

/**
 * Reads an option table written as the help shows it, one option a line:
 * `--name <value>  what it does` (a string option), `--name  what it does` (a switch),
 * `--name <value>...  what it does` (repeatable), `-x, --name ...` (with a short alias); the
 * description starts after two or more spaces. Blank lines are skipped; anything else throws.
 */
export const optionTable = (table: string): CliOption[] =>
  table
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const m = /^\s*(?:-(\w), )?--([a-z0-9-]+)(?: (\S+?))?(\.\.\.)?\s{2,}(\S.*)$/.exec(line);
      if (m === null) throw new Error(`not an option line: '${line}'`);
      const [, short, name = '', value, many, description = ''] = m;
      return {
        name,
        type: value === undefined ? 'boolean' : 'string',
        description,
        ...(value === undefined ? {} : { value }),
        ...(many === undefined ? {} : { multiple: true }),
        ...(short === undefined ? {} : { short }),
      };
    });

/**
 * A spec from its parts; `table` is an {@link optionTable} (`--help` is added to every spec).
 * @example cliSpec('x-sim', 'A simulator.', `
 *   --port <p>  TCP port
 * `)
 */
export const cliSpec = (name: string, summary: string, table: string, notes?: string): CliSpec => ({
  name,
  summary,
  options: optionTable(table),
  ...(notes === undefined ? {} : { notes }),
});

/** The values `parseArgs` read, by long option name. */
export type FlagValues = Readonly<
  Record<string, string | boolean | readonly (string | boolean)[] | undefined>
>;

/** What a command line asks for: help, a usage error, or a run with these options. */
export type CliParse<O> =
  { readonly help: true } | { readonly error: string } | { readonly options: O };

const helpOption: CliOption = {
  name: 'help',
  type: 'boolean',
  short: 'h',
  description: 'print this help and exit',
};

/** `--version`: every simulator has it ({@link usage} lists it; `runSimCli` answers it). */
export const versionOption: CliOption = {
  name: 'version',
  type: 'boolean',
  description: 'print the version and exit',
};

const flagText = (o: CliOption): string =>
  `${o.short === undefined ? '    ' : `-${o.short}, `}--${o.name}${o.type === 'string' ? ` ${o.value ?? '<value>'}` : ''}`;

/** The `--help` text of `spec`: usage line, summary, one aligned line per option, notes. */
export const usage = (spec: CliSpec): string => {
  const all = [...spec.options, helpOption, versionOption];
  const width = Math.max(...all.map((o) => flagText(o).length));
  const rows = all.map(
    (o) =>
      `  ${flagText(o).padEnd(width)}  ${o.description}${o.multiple === true ? ' (repeatable)' : ''}`,
  );
  const notes = spec.notes === undefined ? [] : ['', spec.notes];
  return [
    `usage: ${spec.name} [options]`,
    '',
    spec.summary,
    '',
    'options:',
    ...rows,
    ...notes,
  ].join('\n');
};

/** The options a command line gave. */
export interface Flags {
  /** As `parseArgs` read them, by long name (for an io-ts decoder). */
  readonly values: FlagValues;
  /** The last value of a string option, if given. */
  readonly string: (name: string) => string | undefined;
  /** Every value of a repeatable string option, in order. */
  readonly strings: (name: string) => string[];
  /** Whether a switch was given. */
  readonly boolean: (name: string) => boolean;
}

const flagsOf = (values: FlagValues): Flags => {
  const all = (name: string): readonly (string | boolean | undefined)[] => {
    const v = values[name];
    return typeof v === 'object' ? v : [v];
  };
  const strings = (name: string): string[] =>
    all(name).filter((x): x is string => typeof x === 'string');
  return {
    values,
    string: (name) => strings(name).at(-1),
    strings,
    boolean: (name) => all(name).includes(true),
  };
};

/** Reads `argv` (without node and the script) by `spec`: unknown options and positionals are errors. */
export const parseFlags = (
  spec: CliSpec,
  argv: readonly string[],
): { readonly help: true } | { readonly error: string } | { readonly flags: Flags } => {
  const options = Object.fromEntries(
    [...spec.options, helpOption].map((o) => [
      o.name,
      {
        type: o.type,
        ...(o.multiple === true ? { multiple: true } : {}),
        ...(o.short === undefined ? {} : { short: o.short }),
      },
    ]),
  );
  try {
    const { values } = parseArgs({
      args: [...argv],
      options,
      strict: true,
      allowPositionals: false,
    });
    return values['help'] === true ? { help: true } : { flags: flagsOf(values) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
};
