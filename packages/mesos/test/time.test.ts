import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { backoffDelay, classifyError, describeError, redact } from '../src/index.js';

test('backoff: exponential, capped, half of it jittered', () => {
  const policy = { initialMs: 500, maxMs: 15_000 };
  assert.equal(
    [0, 1, 2, 3, 4, 5, 6, 40].map((n) => backoffDelay(policy, n, () => 0)),
    [250, 500, 1000, 2000, 4000, 7500, 7500, 7500],
  );
  assert.equal(
    [0, 1, 5].map((n) => backoffDelay(policy, n, () => 0.999999)),
    [500, 1000, 15_000],
  );
});

test('classification and descriptions; credentials in URLs are not shown', () => {
  const e = {
    _tag: 'NetworkError',
    url: 'http://user:secret@m1:5050/api/v1/scheduler',
    message: 'ECONNREFUSED',
  } as const;
  assert.is(classifyError(e), 'retryable');
  assert.not.match(describeError(e), /secret/);
  assert.is(redact('zk://u:p@h:2181/mesos'), 'zk://h:2181/mesos');
  assert.is(classifyError({ _tag: 'HttpStatus', url: 'u', status: 503, message: '' }), 'retryable');
  assert.is(
    classifyError({ _tag: 'HttpStatus', url: 'u', status: 403, message: '' }),
    'subscription-lost',
  );
  assert.is(classifyError({ _tag: 'HttpStatus', url: 'u', status: 400, message: '' }), 'fatal');
  assert.is(classifyError({ _tag: 'HeartbeatTimeout', afterMs: 1 }), 'subscription-lost');
  assert.is(
    classifyError({ _tag: 'MesosErrorEvent', message: 'Framework has been removed' }),
    'fatal',
  );
});

test.run();
