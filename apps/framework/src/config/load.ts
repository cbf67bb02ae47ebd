import {
  flagOf,
  loadOptions,
  type ConfigFs,
  type ConfigInputs,
  type ConfigResult as Result,
} from '@scaleio-framework/operator';
import { schedulerOptions, type Config } from './options.js';
import { healingConfigOf } from '../scheduler/healing.js';

export type { Config, ConfigInputs };
/** Result of {@link loadConfig}. */
export type ConfigResult = Result<Config>;

/**
 * Reads the scheduler's configuration from flags, environment and an optional file, decodes and
 * checks every option (@scaleio-framework/operator `loadOptions`), then the rules between options.
 */
export const loadConfig = (inputs: ConfigInputs): ConfigResult =>
  loadOptions(schedulerOptions, inputs, crossChecks);

/** Rules that involve more than one option (and the healing policy file's content). */
export function crossChecks(c: Config, fs: ConfigFs): string[] {
  const p: string[] = [];
  if (c.mode === 'existing') {
    if (c.existingMdmIps.length < 2)
      p.push(
        `${flagOf('existingMdmIps')}: mode 'existing' needs the addresses of at least 2 MDMs (primary and secondary)`,
      );
    if (c.gatewayUrl === '')
      p.push(`${flagOf('gatewayUrl')}: mode 'existing' needs the gateway URL`);
    const twice = c.existingMdmIps.filter((a, i) => c.existingMdmIps.indexOf(a) !== i);
    if (twice.length > 0)
      p.push(`${flagOf('existingMdmIps')}: ${[...new Set(twice)].join(', ')} given twice`);
  }
  if (/^http:/i.test(c.gatewayUrl) && !c.gatewayInsecure)
    p.push(
      `${flagOf('gatewayUrl')}: plain http:// would send the admin password unencrypted; use https, or allow it with --gateway-insecure`,
    );
  if (c.stateStore === 'zk' && c.zkUrl === '')
    p.push(`${flagOf('zkUrl')}: --state-store zk needs zk://host:port[,host:port]/path`);
  const healing = healingConfigOf(c, fs.readFile);
  if (healing._tag === 'Left') p.push(`${flagOf('healingConfig')}: ${healing.left}`);
  return p;
}
