/**
 * The library packages that must stay publishable (checked by `test/publishable.test.ts`).
 *
 * @module
 */

/** Library packages that other tools install from the registry and import. */
export const publishedLibraries = [
  'mesos',
  'scaleio',
  'capacity',
  'aws-volumes',
  'installers',
  'state',
  'orchestrator',
] as const;
