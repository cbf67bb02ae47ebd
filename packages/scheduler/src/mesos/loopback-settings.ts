/**
 * Task settings for code that drives the Mesos channel in memory — benches and tests that build
 * TaskInfos and answer offers without a fetcher — so that they all build the same ones.
 */
import type { TaskSettings } from './task-info.js';

/**
 * Role `scaleio`; the executor bundle and its Node.js runtime at 127.0.0.1's discard port (9),
 * which serves nothing (nothing fetches them in memory); 0.1 cpus a step and per executor, 256 MB
 * for the executor and the spec's default memory of each kind of step; no executor environment.
 * Not for a running scheduler: the app builds its settings from the configuration.
 */
export const loopbackTaskSettings: TaskSettings = {
  role: 'scaleio',
  executorUri: 'http://127.0.0.1:9/scaleio-executor.mjs',
  runtime: { uri: 'http://127.0.0.1:9/node.tar.gz', dir: 'node' },
  stepCpus: 0.1,
  taskMemMb: { 'repo-install': 768, 'package-install': 256, gateway: 1024, light: 64 },
  executorCpus: 0.1,
  executorMemMb: 256,
  executorEnv: {},
};
