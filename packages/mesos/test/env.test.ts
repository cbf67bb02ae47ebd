import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as E from 'fp-ts/lib/Either.js';
import { describeError, parseDuration, parseExecutorEnv } from '../src/index.js';

const base = {
  MESOS_FRAMEWORK_ID: 'F-0000',
  MESOS_EXECUTOR_ID: 'storage-executor-agent-1',
  MESOS_AGENT_ENDPOINT: '10.0.0.21:5051',
  MESOS_DIRECTORY: '/var/lib/mesos/slaves/x',
  MESOS_SANDBOX: '/mnt/mesos/sandbox',
  MESOS_SLAVE_ID: 'S0',
  MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: '5secs',
};

test('stout durations', () => {
  assert.is(parseDuration('15mins'), 900_000);
  assert.is(parseDuration('2secs'), 2000);
  assert.is(parseDuration('250ms'), 250);
  assert.is(parseDuration('1.5secs'), 1500);
  assert.is(parseDuration('1hrs'), 3_600_000);
  assert.is(parseDuration('100ns'), 0.0001);
  assert.is(parseDuration('2weeks'), 1_209_600_000);
  assert.is(parseDuration('15'), undefined);
  assert.is(parseDuration('15 minutes'), undefined);
  assert.is(parseDuration('-1secs'), undefined);
});

test('checkpointing environment', () => {
  const cfg = parseExecutorEnv({
    ...base,
    MESOS_CHECKPOINT: '1',
    MESOS_RECOVERY_TIMEOUT: '15mins',
    MESOS_SUBSCRIPTION_BACKOFF_MAX: '2secs',
    MESOS_EXECUTOR_AUTHENTICATION_TOKEN: 'tok-secret',
  });
  assert.ok(E.isRight(cfg));
  if (E.isLeft(cfg)) return;
  assert.is(cfg.right.agentUrl, 'http://10.0.0.21:5051');
  assert.is(cfg.right.checkpoint, true);
  assert.is(cfg.right.recoveryTimeoutMs, 900_000);
  assert.is(cfg.right.subscriptionBackoffMaxMs, 2000);
  assert.is(cfg.right.shutdownGracePeriodMs, 5000);
  assert.is(cfg.right.sandbox, '/mnt/mesos/sandbox');
  assert.is(cfg.right.frameworkId.value, 'F-0000');
});

test('not checkpointing: no recovery settings', () => {
  const cfg = parseExecutorEnv({
    ...base,
    MESOS_CHECKPOINT: '0',
    MESOS_RECOVERY_TIMEOUT: '15mins',
  });
  assert.ok(
    E.isRight(cfg) && cfg.right.checkpoint === false && cfg.right.recoveryTimeoutMs === undefined,
  );
});

test('bad environments are clear errors', () => {
  const missing = parseExecutorEnv({ MESOS_EXECUTOR_ID: 'e', MESOS_AGENT_ENDPOINT: 'h:1' });
  assert.ok(E.isLeft(missing));
  if (E.isLeft(missing)) assert.match(describeError(missing.left), /MESOS_FRAMEWORK_ID/);
  const badDuration = parseExecutorEnv({
    ...base,
    MESOS_CHECKPOINT: '1',
    MESOS_RECOVERY_TIMEOUT: 'soon',
    MESOS_SUBSCRIPTION_BACKOFF_MAX: '2secs',
  });
  assert.ok(E.isLeft(badDuration));
  if (E.isLeft(badDuration))
    assert.match(describeError(badDuration.left), /MESOS_RECOVERY_TIMEOUT/);
  const noRecovery = parseExecutorEnv({ ...base, MESOS_CHECKPOINT: '1' });
  assert.ok(E.isLeft(noRecovery) && noRecovery.left._tag === 'InvalidConfig');
  const badFlag = parseExecutorEnv({ ...base, MESOS_CHECKPOINT: 'yes' });
  assert.ok(E.isLeft(badFlag));
  const badEndpoint = parseExecutorEnv({ ...base, MESOS_AGENT_ENDPOINT: 'http://h:1' });
  assert.ok(E.isLeft(badEndpoint));
});

test.run();
