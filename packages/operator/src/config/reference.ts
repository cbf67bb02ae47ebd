/**
 * An option table as documentation: the Markdown reference table and the `--help` text.
 *
 * @module
 */
import { envOf, flagOf, type OptionSpec, type OptionTable } from './load.js';

const entries = (table: OptionTable): [string, OptionSpec<unknown>][] =>
  Object.entries(table) as [string, OptionSpec<unknown>][];

/** The configuration reference as a Markdown table. */
export function configReference(table: OptionTable): string {
  const rows = entries(table).map(([k, o]) => {
    const env = [envOf(k), ...(o.envAliases ?? [])].map((e) => `\`${e}\``).join(', ');
    const def =
      o.default === undefined
        ? '_required_'
        : o.default === ''
          ? '(empty)'
          : `\`${String(o.default)}\``;
    return `| \`${flagOf(k)}\` | ${env} | \`${k}\` | ${def} | ${o.doc} |`;
  });
  return [
    '| flag | environment | file key | default | meaning |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** `--help` text of `binary` with the options of `table`. */
export function helpText(binary: string, table: OptionTable): string {
  const lines = entries(table).map(
    ([k, o]) =>
      `  ${flagOf(k).padEnd(28)} ${o.doc} [env ${envOf(k)}${o.default === undefined ? ', required' : o.default === '' ? '' : `, default ${String(o.default)}`}]`,
  );
  return [`usage: ${binary} [--config file.yaml|json] [options]`, '', ...lines, ''].join('\n');
}
