import { envOf, flagOf, schedulerOptions, type OptionSpec } from './options.js';

/** The configuration reference as a Markdown table, generated from the option table. */
export function configReference(): string {
  const rows = Object.entries(schedulerOptions as Record<string, OptionSpec>).map(([k, o]) => {
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

/** `--help` text. */
export function helpText(binary: string): string {
  const lines = Object.entries(schedulerOptions as Record<string, OptionSpec>).map(
    ([k, o]) =>
      `  ${flagOf(k).padEnd(28)} ${o.doc} [env ${envOf(k)}${o.default === undefined ? ', required' : o.default === '' ? '' : `, default ${String(o.default)}`}]`,
  );
  return [`usage: ${binary} [--config file.yaml|json] [options]`, '', ...lines, ''].join('\n');
}
