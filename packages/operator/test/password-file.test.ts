// The password's safer sources: a file named by flag or environment fills SCALEIO_PASSWORD when
// nothing else gives it; a password on the command line is detected (the scheduler warns).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { passwordOnArgv, withPasswordFile, type ConfigInputs } from '../src/index.js';

const files: Record<string, string> = { '/run/secrets/sio': 'S3cret-from-file\nsecond line\n' };
const inputs = (argv: string[], env: Record<string, string> = {}): ConfigInputs => ({
  argv,
  env,
  readFile: (p) => {
    const f = files[p];
    if (f === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    return f;
  },
});

test('the file (flag or environment) gives the password: its first line, nothing else', () => {
  for (const i of [
    inputs(['--password-file', '/run/secrets/sio']),
    inputs(['--password-file=/run/secrets/sio']),
    inputs([], { SCALEIO_PASSWORD_FILE: '/run/secrets/sio' }),
  ])
    assert.is(withPasswordFile(i).env['SCALEIO_PASSWORD'], 'S3cret-from-file');
});

test('a password given otherwise wins; a missing file is left to the loader to report', () => {
  const both = inputs(['--password-file', '/run/secrets/sio'], { SCALEIO_PASSWORD: 'env-pw' });
  assert.is(withPasswordFile(both).env['SCALEIO_PASSWORD'], 'env-pw');
  const flag = inputs(['--password=x', '--password-file', '/run/secrets/sio']);
  assert.is(withPasswordFile(flag).env['SCALEIO_PASSWORD'], undefined);
  const missing = inputs(['--password-file', '/nope']);
  assert.is(withPasswordFile(missing), missing);
  const none = inputs([]);
  assert.is(withPasswordFile(none), none);
});

test('--password on the command line is detected, in either form', () => {
  assert.ok(passwordOnArgv(['--master', 'x', '--password', 'p']));
  assert.ok(passwordOnArgv(['--password=p']));
  assert.not.ok(passwordOnArgv(['--password-file', 'f', '--gateway-user', 'admin']));
});

test.run();
