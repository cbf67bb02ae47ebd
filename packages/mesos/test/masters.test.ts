import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as E from 'fp-ts/lib/Either.js';
import { leaderSequence, masterUrl, parseMasterSource, resolveLocation } from '../src/index.js';

test('master lists: comma-separated, with or without scheme', () => {
  assert.equal(
    parseMasterSource('http://m1:5050, m2:5050'),
    E.right({ _tag: 'Urls', urls: ['http://m1:5050', 'http://m2:5050'] }),
  );
  assert.equal(
    parseMasterSource(['https://m1:5050/']),
    E.right({ _tag: 'Urls', urls: ['https://m1:5050'] }),
  );
  assert.ok(E.isLeft(parseMasterSource('')));
  assert.ok(E.isLeft(parseMasterSource('ftp://m1')));
});

test('zk:// URLs name the hosts and the path; credentials are dropped', () => {
  assert.equal(
    parseMasterSource('zk://h1:2181,h2:2181/mesos'),
    E.right({
      _tag: 'ZooKeeper',
      hosts: 'h1:2181,h2:2181',
      path: '/mesos',
      raw: 'zk://h1:2181,h2:2181/mesos',
    }),
  );
  const withAuth = parseMasterSource('zk://user:pw@h1:2181/a/b/');
  assert.ok(
    E.isRight(withAuth) &&
      withAuth.right._tag === 'ZooKeeper' &&
      withAuth.right.hosts === 'h1:2181' &&
      withAuth.right.path === '/a/b',
  );
});

test('zk:// host lists are checked: a port must be a number 1-65535 (never a RangeError later)', () => {
  const message = (spec: string) => {
    const r = parseMasterSource(spec);
    return E.isLeft(r) && r.left._tag === 'InvalidConfig' ? r.left.message : 'accepted';
  };
  assert.match(
    message('zk://h1:notaport/mesos'),
    "port 'notaport' of 'h1' is not a number 1-65535",
  );
  assert.match(message('zk://h1:2181,h2:99999/mesos'), "port '99999' of 'h2'");
  assert.match(message('zk://h1:2181,,h2:2181/mesos'), "'' is not host[:port]");
  assert.match(message('zk://h1:/mesos'), "port '' of 'h1'");
  assert.match(message('zk://[::1]:2181/mesos'), 'is not host[:port]'); // the client splits on ':'
  // the documented multi-host form and a port-less host (2181) are fine
  for (const ok of ['zk://zk1:2181,zk2:2181/mesos', 'zk://zk1/mesos'])
    assert.is(message(ok), 'accepted', ok);
});

test('the leader is the lowest json.info_ sequence; other nodes are ignored', () => {
  assert.is(leaderSequence('json.info_0000000012'), 12);
  assert.is(leaderSequence('info_0000000001'), undefined);
  assert.is(leaderSequence('log_replicas'), undefined);
  assert.is(
    masterUrl({ id: 'm', address: { hostname: 'master-1', ip: '10.0.0.1', port: 5050 } }),
    'http://master-1:5050',
  );
  assert.is(masterUrl({ id: 'm', hostname: 'h', port: 5051 }), 'http://h:5051');
  assert.is(masterUrl({ id: 'm' }), undefined);
});

test('redirect Location: protocol-relative, absolute, and junk', () => {
  assert.equal(
    resolveLocation('http://a:5050/api/v1/scheduler', '//b:5051/api/v1/scheduler'),
    E.right('http://b:5051/api/v1/scheduler'),
  );
  assert.equal(
    resolveLocation('https://a:5050/api/v1/scheduler', '//b:5051/api/v1/scheduler'),
    E.right('https://b:5051/api/v1/scheduler'),
  );
  assert.equal(
    resolveLocation('http://a:5050/x', 'http://c:1/api/v1/scheduler'),
    E.right('http://c:1/api/v1/scheduler'),
  );
  assert.ok(E.isLeft(resolveLocation('http://a:5050/x', 'file:///etc/passwd')));
});

test.run();
