/**
 * Which kernels a ScaleIO SDC package has a `scini` module for, where a public source says so.
 * ScaleIO 2.0's SDC ships one `scini.ko` built for one kernel and checks it at start ("Module
 * KRN: … Current KRN: … Current scini.ko seems to be incompatible with your kernel",
 * rexray/rexray#545). For Ubuntu 14.04 the original framework installs and boots exactly
 * `linux-image-4.4.0-38-generic` before the SDC (thecodeteam/scaleio-framework,
 * `executor/pkgmgr/deb/ubuntu14/nodedebmgr.go`, `requiredKernelVersionCheck`). For the other
 * platforms no public list exists; the SDC's own start check decides there.
 */
import { isLeft, right } from 'fp-ts/lib/Either.js';
import type { SupportedOs } from './os.js';
import { blocked, done, type InstallStep } from './plan.js';

/** Kernels an SDC release covers on a platform (`*` matches any run of characters). */
export interface SdcKernels {
  readonly kernels: readonly string[];
  readonly source: string;
}

/** What is publicly known of the SDC `version`'s modules on `os`; undefined: nothing. */
export const sdcKernelSupport = (os: SupportedOs, version: string): SdcKernels | undefined =>
  os.family === 'ubuntu' && os.version === '14.04' && version.startsWith('2.0')
    ? {
        kernels: ['4.4.0-38-generic'],
        source:
          'the ScaleIO 2.0 SDC for Ubuntu 14.04 (the original framework boots this kernel first)',
      }
    : undefined;

/** Whether `kernel` matches one of `patterns`. */
export const kernelMatches = (kernel: string, patterns: readonly string[]): boolean =>
  patterns.some((p) =>
    new RegExp(
      `^${p
        .split('*')
        .map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    ).test(kernel),
  );

/**
 * The step that checks, before anything is installed, that the running kernel (`uname -r`) is
 * one the SDC has a module for. An uncovered kernel blocks the plan with the kernel named.
 */
export const sdcKernelStep = (os: SupportedOs, version: string): InstallStep => {
  const known = sdcKernelSupport(os, version);
  return {
    id: 'sdc.kernel',
    description: known
      ? `Check that the running kernel is one the ScaleIO ${version} SDC has a scini module for: ${known.kernels.join(', ')}`
      : `Check the running kernel (no published scini module list for ScaleIO ${version} on ${os.name}; scini's start check decides)`,
    checks: [`$ uname -r${known ? `    # one of ${known.kernels.join(', ')}` : ''}`],
    check: async (host) => {
      const r = await host.run({ argv: ['uname', '-r'] });
      if (isLeft(r)) return r;
      const kernel = r.right.stdout.trim();
      if (r.right.exitCode !== 0 || kernel === '')
        return right(
          blocked(`uname -r did not name the running kernel (exit ${r.right.exitCode})`),
        );
      if (known === undefined) return right(done(`kernel ${kernel}`));
      return right(
        kernelMatches(kernel, known.kernels)
          ? done(`kernel ${kernel} has a scini module`)
          : blocked(
              `the running kernel ${kernel} has no scini module in ${known.source}: it has one for ${known.kernels.join(', ')}; boot that kernel first`,
            ),
      );
    },
    actions: [],
  };
};
