/** The one mapping from gateway answers to the closed error union. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fromGatewayResponse, redact, type ScaleIOErrorTag } from '../src/index.js';

const body = (errorCode: number, httpStatusCode = 500, message = 'm') =>
  JSON.stringify({ message, httpStatusCode, errorCode });

test('MDM return codes map to their tags', () => {
  const cases: [number, ScaleIOErrorTag][] = [
    [3, 'NotFound'],
    [79, 'NotFound'],
    [142, 'NotFound'],
    [171, 'NotFound'],
    [265, 'NotFound'],
    [7, 'AlreadyExists'],
    [93, 'AlreadyExists'],
    [99, 'NameInUse'],
    [141, 'NameInUse'],
    [173, 'NameInUse'],
    [266, 'NameInUse'],
    [206, 'NameInUse'],
    [104, 'Mapped'],
    [81, 'AlreadyMapped'],
    [297, 'AlreadyMapped'],
    [84, 'NotMapped'],
    [144, 'NotEnoughSds'],
    [287, 'NotEnoughFaultSets'],
    [300, 'InsufficientCapacity'],
    [133, 'InvalidRequest'],
    [166, 'Gateway'],
  ];
  for (const [code, tag] of cases) {
    const e = fromGatewayResponse(500, body(code), []);
    assert.is(e._tag, tag, `rc ${code}`);
    assert.is('errorCode' in e && e.errorCode, code);
  }
});

test('HTTP statuses decide when the code does not', () => {
  assert.is(fromGatewayResponse(401, body(0, 401, 'Unauthorized'), [])._tag, 'Auth');
  assert.is(
    fromGatewayResponse(400, body(0, 400, 'Request message is not valid'), [])._tag,
    'InvalidRequest',
  );
  assert.is(fromGatewayResponse(404, '', [])._tag, 'NotFound');
  assert.is(fromGatewayResponse(500, body(0), [])._tag, 'Gateway');
  const html = fromGatewayResponse(502, '<html>bad gateway</html>', []);
  assert.ok(
    html._tag === 'Gateway' && html.message.includes('bad gateway') && html.httpStatus === 502,
  );
});

test('3.x details carry the real rc', () => {
  const e = fromGatewayResponse(
    500,
    JSON.stringify({
      message: 'Error with details',
      httpStatusCode: 500,
      errorCode: 0,
      details: [{ error: 'VOL_NAME_IN_USE', rc: 99, errorMessage: 'Volume name already in use' }],
    }),
    [],
  );
  assert.ok(
    e._tag === 'NameInUse' && e.errorCode === 99 && e.message === 'Volume name already in use',
  );
});

test('redact replaces every occurrence and ignores trivially short secrets', () => {
  assert.is(redact('a secret and secret', ['secret']), 'a *** and ***');
  assert.is(redact('ab', ['a']), 'ab');
});

test.run();
