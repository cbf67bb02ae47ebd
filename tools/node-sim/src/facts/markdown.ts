/**
 * The facts table as the README shows it (a test keeps the README's copy equal to this).
 */
import { OS_TABLE, type OsRow } from './os-table.js';
import { UTIL_LINUX } from './util-linux.js';

const JSON_TEXT = { none: 'no `-J`', strings: '`-J`, every value a string', typed: '`-J`, typed' };

const units = (r: OsRow): string => {
  const kinds = new Set(Object.values(r.units));
  if (kinds.size === 1) return `all ${r.init}`;
  return (['upstart', 'sysv', 'systemd'] as const)
    .map((k) => {
      const names = Object.entries(r.units)
        .filter(([, v]) => v === k)
        .map(([n]) => n);
      return names.length === 0 ? '' : `${k}: ${names.join(', ')}`;
    })
    .filter((x) => x !== '')
    .join('; ');
};

const lsblkText = (r: OsRow): string => {
  const ul = UTIL_LINUX[r.utilLinux];
  return [
    JSON_TEXT[ul.json],
    '`-P`',
    ul.shortOpts.includes('p') ? '`-p`' : 'no `-p`',
    ul.columns.includes('SERIAL') ? 'SERIAL' : 'no SERIAL',
  ].join(', ');
};

/** The facts table in Markdown: one row per OS, then the sources of each row. */
export const factsMarkdown = (): string => {
  const head =
    '| OS | kernel | util-linux: `lsblk` | glibc (`ldd --version`) | our services run as | packages | SDC `scini` module kernels |\n| --- | --- | --- | --- | --- | --- | --- |\n';
  const rows = OS_TABLE.map(
    (r) =>
      `| ${r.os}${r.supported ? '' : ' (unsupported)'} | ${r.kernel} | ${r.utilLinux}: ${lsblkText(r)} | ${r.glibc.version} (\`${r.glibc.ldd}\`) | ${units(r)} | ${r.packages === 'none' ? 'none' : r.tools.filter((t) => ['dpkg', 'apt-get', 'rpm', 'yum', 'dnf'].includes(t)).join(', ')} | ${r.sdcKernels.length === 0 ? 'no SDC package' : r.sdcKernels.map((k) => `\`${k}\``).join(', ')} |`,
  ).join('\n');
  const sources = OS_TABLE.map(
    (r) =>
      `- **${r.os}**: release ${r.sources.release}; kernel ${r.sources.kernel}; util-linux ${r.sources.utilLinux} (lsblk: ${UTIL_LINUX[r.utilLinux].source}); glibc ${r.sources.glibc}; init ${r.sources.init}; SDC ${r.sources.sdc}.`,
  ).join('\n');
  return `${head}${rows}\n\nSources:\n\n${sources}\n`;
};
