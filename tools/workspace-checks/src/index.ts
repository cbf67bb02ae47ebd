/**
 * Checks of the workspace itself: the layer rules of DESIGN §2, banned import specifiers, and
 * that every library package is publishable. The checks live in `test/`; this module lists the
 * library packages that must be publishable.
 *
 * @packageDocumentation
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
