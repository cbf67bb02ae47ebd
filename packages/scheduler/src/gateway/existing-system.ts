import { describeError, listObjects, type ScaleIOClient } from '@scaleio-framework/scaleio';
import type { Log } from '../core/ports.js';

/**
 * The system name to configure agents with in `existing` mode: the running system's own name,
 * read through the gateway — REX-Ray finds its system by that name, so a `--system-name` left at
 * its default (or mistyped) would wire every agent to a system that does not exist. The
 * configured name is kept, with a warning, when the gateway cannot be read or reports no name.
 */
export async function existingSystemName(
  client: ScaleIOClient | undefined,
  configured: string,
  log: Log,
): Promise<string> {
  if (client === undefined) return configured;
  const r = await client.run(listObjects('System'));
  if (r._tag === 'Left') {
    log.warn('cannot read the existing system; using the configured name', {
      systemName: configured,
      error: describeError(r.left),
    });
    return configured;
  }
  const actual = r.right[0]?.name ?? null;
  if (actual === null || actual === '' || actual === configured) return configured;
  log.warn('the existing system has another name than --system-name; using the system’s', {
    systemName: actual,
    configured,
  });
  return actual;
}
