/**
 * Role names as the master accepts them.
 *
 * @module
 */

/**
 * Why Mesos refuses `role` as a role name, or undefined. The rules of `roles::validate` in
 * apache/mesos src/common/roles.cpp: `*` is valid; otherwise no leading, trailing or doubled
 * `/`, and no path component that is `.`, `..` or `*`, starts with `-`, or holds whitespace or a
 * backspace.
 */
export const roleProblem = (role: string): string | undefined => {
  if (role === '*') return undefined;
  if (role === '') return 'a role name cannot be empty';
  if (role.startsWith('/') || role.endsWith('/')) return 'a role cannot start or end with a slash';
  if (role.includes('//')) return 'a role cannot contain two adjacent slashes';
  for (const c of role.split('/')) {
    if (c === '.' || c === '..' || c === '*') return `a role cannot include '${c}' as a component`;
    if (c.startsWith('-')) return `role component '${c}' starts with a dash`;
    if (/[\s\b]/.test(c)) return `role component '${c}' contains whitespace or a backspace`;
  }
  return undefined;
};
