import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Secret } from '../src/secret.js';
import { createLogger, type LogLevel } from '../src/log/logger.js';
import { sanitize } from '../src/log/redact.js';
import { SECRETS, secretList } from './http-fixture.js';

/** A logger writing into an array of parsed lines. */
const capture = (level: LogLevel, withSecrets = true) => {
  const raw: string[] = [];
  const log = createLogger({
    level,
    destination: { write: (s: string) => void raw.push(s) },
    secrets: withSecrets ? secretList : [],
    base: { component: 'scheduler' },
    now: () => Date.UTC(2026, 0, 1),
  });
  const lines = () =>
    raw
      .join('')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, raw, lines };
};

test('one JSON line per call, with level, time, message and fields', () => {
  const c = capture('info');
  c.log.info('launch step', { agentId: 'S1', step: 'sds' });
  c.log.warn('step failed', { reason: 'exit 2' });
  c.log.error('state not saved', { error: 'zk down' });
  assert.equal(c.lines(), [
    {
      level: 'info',
      time: '2026-01-01T00:00:00.000Z',
      component: 'scheduler',
      agentId: 'S1',
      step: 'sds',
      msg: 'launch step',
    },
    {
      level: 'warn',
      time: '2026-01-01T00:00:00.000Z',
      component: 'scheduler',
      reason: 'exit 2',
      msg: 'step failed',
    },
    {
      level: 'error',
      time: '2026-01-01T00:00:00.000Z',
      component: 'scheduler',
      error: 'zk down',
      msg: 'state not saved',
    },
  ]);
});

test('levels filter: debug only at debug, nothing when silent', () => {
  const info = capture('info');
  info.log.debug('noisy');
  info.log.info('kept');
  assert.equal(
    info.lines().map((l) => l.msg),
    ['kept'],
  );
  const debug = capture('debug');
  debug.log.debug('noisy');
  assert.equal(
    debug.lines().map((l) => l.level),
    ['debug'],
  );
  const warn = capture('warn');
  warn.log.info('dropped');
  warn.log.decision('decline offer', 'nothing to run');
  warn.log.warn('kept');
  assert.equal(
    warn.lines().map((l) => l.msg),
    ['kept'],
  );
  const silent = capture('silent');
  silent.log.error('dropped');
  assert.is(silent.raw.length, 0);
});

test('a decision is one line with its reason', () => {
  const c = capture('info');
  c.log.decision('decline offer', 'no runnable step on the agent', { offerId: 'O-1' });
  const [line] = c.lines();
  assert.is(line?.msg, 'decline offer');
  assert.is(line?.decision, 'decline offer');
  assert.is(line?.reason, 'no runnable step on the agent');
  assert.is(line?.offerId, 'O-1');
});

test('planted secrets never reach the output', () => {
  const c = capture('debug');
  const spec = {
    step: 'mdm-cluster',
    password: SECRETS.password,
    nested: { deeper: { token: SECRETS.token } },
  };
  c.log.info('launch step', { spec, headers: { authorization: `Bearer ${SECRETS.token}` } });
  c.log.warn(`gateway login failed for admin/${SECRETS.password}`, {
    detail: `key=${SECRETS.awsKey}`,
  });
  c.log.error('ec2 call failed', {
    error: new Error(`signature mismatch for ${SECRETS.awsKey}`),
    creds: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: SECRETS.awsKey },
    operatorToken: new Secret(SECRETS.token),
    list: [{ password: SECRETS.password }],
  });
  c.log.decision(`retry with ${SECRETS.password}`, `because ${SECRETS.token}`);
  c.log.child({ password: SECRETS.password, task: 't1' }).info('child line');
  const text = c.raw.join('');
  for (const v of Object.values(SECRETS)) assert.not.ok(text.includes(v), `leaked ${v}`);
  const lines = c.lines();
  assert.is(lines.length, 5);
  assert.equal((lines[0]?.spec as Record<string, unknown>).password, '[secret]');
  assert.equal(lines[2]?.error, { name: 'Error', message: 'signature mismatch for [secret]' });
  assert.equal((lines[2]?.creds as Record<string, unknown>).accessKeyId, 'AKIAEXAMPLE');
  assert.is(lines[2]?.operatorToken, '[secret]');
  assert.is(lines[4]?.task, 't1');
  assert.is(lines[4]?.password, '[secret]');
});

test('field-name redaction works without known values too (pino redact + key names)', () => {
  const c = capture('info', false);
  c.log.info('x', {
    password: 'p1-plain',
    a: { token: 't1-plain' },
    b: { c: { d: { secretAccessKey: 'k1-plain' } } },
  });
  const text = c.raw.join('');
  for (const v of ['p1-plain', 't1-plain', 'k1-plain']) assert.not.ok(text.includes(v));
});

test('sanitize drops functions and stops at depth', () => {
  let deep: Record<string, unknown> = { v: 1 };
  for (let i = 0; i < 30; i += 1) deep = { d: deep };
  const out = JSON.stringify(sanitize({ f: () => 1, deep }, []));
  assert.not.match(out, '"f"');
  assert.match(out, '[too deep]');
});

test.run();
