/**
 * The password and the tokens never appear in an error value or a log line,
 * even when the gateway echoes them back in error bodies or malformed answers.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createClient, describeError, listObjects, type ScaleIOClient } from '../src/index.js';
import { decodeBasic, recordingLogger, startFakeGateway } from './helpers/fake-gateway.js';

const USER = 'admin';
const PASSWORD = 'Planted-Secret-9f2c';
const TOKEN = 'PLANTED-TOKEN-77aa01';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const FORBIDDEN = [PASSWORD, TOKEN, b64(`${USER}:${PASSWORD}`), b64(`${USER}:${TOKEN}`)];

const assertClean = (what: string, value: unknown) => {
  const text = JSON.stringify(value) + (typeof value === 'object' ? '' : String(value));
  for (const s of FORBIDDEN) assert.not.ok(text.includes(s), `${what} leaks a secret: ${text}`);
};

test('no secret in any error or log line across failure paths', async () => {
  let mode = 'echo';
  let loginCalls = 0;
  const gw = await startFakeGateway((req) => {
    if (req.path === '/api/login') {
      loginCalls += 1;
      if (mode === 'login-garbage')
        return { status: 200, body: { token: TOKEN, password: PASSWORD } };
      const sent = decodeBasic(req.authorization).secret;
      return sent === PASSWORD
        ? { status: 200, body: TOKEN }
        : {
            status: 401,
            body: {
              message: `Unauthorized: wrong password ${sent}`,
              httpStatusCode: 401,
              errorCode: 0,
            },
          };
    }
    switch (mode) {
      case 'echo':
        return {
          status: 500,
          body: {
            message: `bad session ${TOKEN} for ${USER}:${PASSWORD}`,
            httpStatusCode: 500,
            errorCode: 0,
          },
        };
      case 'html':
        return {
          status: 502,
          raw: `<html>proxy saw Authorization: Basic ${b64(`${USER}:${TOKEN}`)}</html>`,
        };
      case 'malformed':
        return { status: 200, body: [{ id: TOKEN, name: PASSWORD }] };
      case 'reject':
        return {
          status: 401,
          body: { message: `token ${TOKEN} expired`, httpStatusCode: 401, errorCode: 0 },
        };
      default:
        return { status: 200, body: [] };
    }
  });
  const { lines, logger } = recordingLogger();
  const results: unknown[] = [];
  try {
    const mk = (password: string): ScaleIOClient => {
      const c = createClient({ baseUrl: gw.url, username: USER, password, logger });
      assert.ok(c._tag === 'Right');
      return c.right;
    };
    const c = mk(PASSWORD);
    for (const m of ['echo', 'html', 'malformed', 'reject']) {
      mode = m;
      const r = await c.run(listObjects('Volume'));
      assert.ok(r._tag === 'Left', m);
      results.push(r, describeError(r.left));
    }
    mode = 'login-garbage';
    const fresh = mk(PASSWORD);
    const g = await fresh.login();
    assert.ok(g._tag === 'Left' && g.left._tag === 'Decode');
    results.push(g);
    mode = 'echo';
    const wrong = await mk(`${PASSWORD}-wrong`).login();
    assert.ok(wrong._tag === 'Left' && wrong.left._tag === 'Auth');
    results.push(wrong, describeError(wrong.left));
    assert.ok(loginCalls >= 4);
  } finally {
    await gw.close();
  }
  const closed = createClient({ baseUrl: gw.url, username: USER, password: PASSWORD, logger });
  assert.ok(closed._tag === 'Right');
  const t = await closed.right.run(listObjects('Volume'));
  assert.ok(t._tag === 'Left' && t.left._tag === 'Transport');
  results.push(t);

  // The test can fail: the planted secrets were really sent back by the gateway.
  assert.ok(lines.length > 0, 'the re-login path logged something');
  results.forEach((r, i) => assertClean(`result ${i}`, r));
  lines.forEach((l, i) => assertClean(`log line ${i}`, l));
  assert.ok(
    JSON.stringify(results).includes('***'),
    'echoed secrets were replaced, not dropped silently',
  );
});

test.run();
