/**
 * The reusable conformance suite of the capacity provider contract. Framework-neutral: it returns
 * named async cases that throw `AssertionError` on failure; a provider package registers them with
 * its own test runner:
 *
 * ```ts
 * for (const c of providerSuite(makeTarget)) test(c.name, c.run);
 * ```
 */
import { cases } from './provider-suite-cases.js';
import {
  cleanup,
  type MakeTarget,
  type SuiteCase,
  type SuiteFeatures,
} from './provider-suite-support.js';

export {
  must,
  mustFail,
  type MakeTarget,
  type SuiteCase,
  type SuiteFeatures,
  type SuiteTarget,
} from './provider-suite-support.js';

/** The conformance cases, each against a fresh target, cleaning up what it created. */
export const providerSuite = (
  make: MakeTarget,
  features: SuiteFeatures = {},
): ReadonlyArray<SuiteCase> =>
  cases
    .filter(([, feature]) => feature === null || features[feature] !== false)
    .map(([name, , body]) => ({
      name: `provider contract: ${name}`,
      run: async () => {
        const t = await make();
        try {
          await body(t);
        } finally {
          await cleanup(t.provider);
          if (t.otherCluster !== undefined) await cleanup(t.otherCluster);
          await t.close();
        }
      },
    }));
