/** One scrubber for the status document and the log lines: values cut out, names redacted. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sanitize } from '../src/log/redact.js';
import { scrubDeep } from '../src/scrub.js';
import { Secret } from '../src/secret.js';

const secrets = [new Secret('hunter22')];
const value = {
  msg: 'login hunter22 failed',
  token: 'plain-token',
  n: 10n,
  err: new Error('bad hunter22'),
  s: new Secret('x'),
  f: () => 1,
};

test('the status scrub cuts known values; the log sanitizer also redacts secret field names', () => {
  assert.equal(scrubDeep(value, secrets), {
    msg: 'login [secret] failed',
    token: 'plain-token',
    n: '10',
    err: { name: 'Error', message: 'bad [secret]' },
    s: '[secret]',
  });
  assert.equal(sanitize(value, secrets), {
    msg: 'login [secret] failed',
    token: '[secret]',
    n: '10',
    err: { name: 'Error', message: 'bad [secret]' },
    s: '[secret]',
  });
});

test.run();
