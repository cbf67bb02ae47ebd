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
  /** What both make of `value` but for the field named `token`. */
  const scrubbed = {
    msg: 'login [secret] failed',
    n: '10',
    err: { name: 'Error', message: 'bad [secret]' },
    s: '[secret]',
  };
  assert.equal(scrubDeep(value, secrets), { ...scrubbed, token: 'plain-token' });
  assert.equal(sanitize(value, secrets), { ...scrubbed, token: '[secret]' });
});

test.run();
