/**
 * Plain-text rendering of a {@link GraphReport}, for the CLI and for test failure messages.
 *
 * @module
 */
import type { FileCycle, GraphReport, PackageCycle, UndeclaredDependency } from './types.js';

/** The number of violations in `report` (unresolved imports are informational, not counted). */
export function violationCount(report: GraphReport): number {
  return (
    report.fileCycles.length +
    report.packageCycles.length +
    report.appImports.length +
    report.unusedDependencies.length +
    report.undeclaredDependencies.length +
    report.staleAllowances.length
  );
}

const arrow = ' → ';

const fileCycle = (c: FileCycle): string[] => [
  `  ${c.typeOnly ? 'type-only cycle (gone without `import type`)' : 'cycle'}, ${c.files.length} files: ${c.path.join(arrow)}`,
  ...(c.files.length > c.path.length - 1 ? [`    all files: ${c.files.join(', ')}`] : []),
  ...c.typeArrows.map((a) => `    type-only arrow: ${a.from}${arrow}${a.to}`),
];

const packageCycle = (c: PackageCycle): string[] => [
  `  ${c.typeOnly ? 'type-only cycle' : 'cycle'}: ${c.path.join(arrow)}`,
  ...(c.packages.length > c.path.length - 1 ? [`    all packages: ${c.packages.join(', ')}`] : []),
  ...c.evidence.map((e) => `    ${e.from}${arrow}${e.to}: ${e.file}`),
];

const undeclared = (u: UndeclaredDependency): string => {
  const more = u.count > u.places.length ? ` (+${u.count - u.places.length} more)` : '';
  const where = u.area === 'src' ? 'src/' : 'tests/scripts';
  const hint = u.hint === undefined ? '' : `; ${u.hint}`;
  return `  ${u.pkg} (${where}): ${u.name} — ${u.places.join(', ')}${more}${hint}`;
};

const section = (title: string, lines: readonly string[], count: number): string[] =>
  count === 0 ? [] : ['', `${title} (${count}):`, ...lines];

/**
 * The report as text: a one-line summary first, then one section per kind of violation that
 * occurred, then unresolved relative imports (informational).
 */
export function formatReport(report: GraphReport): string {
  const n = violationCount(report);
  const { packages, files, imports } = report.stats;
  const scope = `${packages} packages, ${files} files, ${imports} imports`;
  const head =
    n === 0
      ? `workspace graph: no cycles, no imports of an app, dependencies match (${scope})`
      : `workspace graph: ${n} violation${n === 1 ? '' : 's'} (${scope})`;
  return [
    head,
    ...section(
      'Import cycles between files',
      report.fileCycles.flatMap(fileCycle),
      report.fileCycles.length,
    ),
    ...section(
      'Import cycles between packages',
      report.packageCycles.flatMap(packageCycle),
      report.packageCycles.length,
    ),
    ...section(
      'Imports of an app from outside apps/',
      report.appImports.map((a) => `  ${a.file}:${a.line} imports '${a.specifier}' (${a.app})`),
      report.appImports.length,
    ),
    ...section(
      'Declared but unused dependencies',
      report.unusedDependencies.map(
        (u) => `  ${u.pkg}: ${u.field}.${u.name}${u.hint === undefined ? '' : ` — ${u.hint}`}`,
      ),
      report.unusedDependencies.length,
    ),
    ...section(
      'Used but undeclared dependencies',
      report.undeclaredDependencies.map(undeclared),
      report.undeclaredDependencies.length,
    ),
    ...section(
      'Stale allow-list entries (remove them from src/graph/allow-list.ts)',
      report.staleAllowances.map((s) => `  ${s.pkg}: ${s.name}`),
      report.staleAllowances.length,
    ),
    ...section(
      'Unresolved relative imports (not followed; informational)',
      report.unresolved.map((u) => `  ${u.file}:${u.line} '${u.specifier}'`),
      report.unresolved.length,
    ),
  ].join('\n');
}
