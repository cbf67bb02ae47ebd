// The options every scheduler start needs besides the password, with the files they name (a
// runtime archive and a package sums file in a temporary directory): for tests that run the
// built scheduler or its loader about something else.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { makeTempDir } from '@scaleio-framework/testkit';

const dir = makeTempDir('required-options-');
const runtime = dir.join('node-v22.11.0-linux-x64-glibc-217.tar.xz');
writeFileSync(runtime, 'not really node');
const sums = dir.join('SHA256SUMS');
writeFileSync(sums, `${'a'.repeat(64)}  EMC-ScaleIO-sds-2.0-10000.2072.el7.x86_64.rpm\n`);

/** The required options as environment variables (their files exist until the process exits). */
export const requiredEnv: Readonly<Record<string, string>> = {
  SCALEIO_EXECUTOR_RUNTIME_URL: runtime,
  SCALEIO_EXECUTOR_RUNTIME_SHA256: createHash('sha256').update('not really node').digest('hex'),
  SCALEIO_PACKAGE_REPO_URL: 'http://127.0.0.1:9/scaleio/',
  SCALEIO_PACKAGE_SHA256_FILE: sums,
};
