// The cloud simulators' shared scaffolding (ec2-sim, gce-sim): the loopback server, the event
// feed and its webhook, the durations, the admin routes and the shared command line.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as t from 'io-ts';
import {
  adminOk,
  answerAdmin,
  cliSpec,
  defaultVolumeTimings,
  eventFeed,
  headerOf,
  instancesRoute,
  parseCloudSimCli,
  patchTimings,
  sendJson,
  serveSim,
  startWebhookSink,
  timingsRoute,
  VolumeTimings,
  withJsonBody,
  type AdminRoutes,
} from '../src/index.js';

test('patchTimings: changes only the given durations; refuses a bad one whole', () => {
  const timings = { ...defaultVolumeTimings };
  assert.ok(patchTimings(timings, { attachMs: 5, detachMs: undefined }));
  assert.equal(timings, { ...defaultVolumeTimings, attachMs: 5 });
  assert.not.ok(patchTimings(timings, { createMs: 1, deleteMs: -1 }));
  assert.not.ok(patchTimings(timings, { createMs: Number.POSITIVE_INFINITY }));
  assert.equal(timings, { ...defaultVolumeTimings, attachMs: 5 });
});

test('admin routes: JSON bodies decoded, 400 with the reason, 404 for no route, 409 on a taken name', () => {
  const timings = { ...defaultVolumeTimings };
  const names = new Set<string>();
  const routes: AdminRoutes = {
    'GET /sim/x': () => [200, [1]],
    'POST /sim/echo': withJsonBody(t.type({ n: t.number }), (b) => [200, b.n]),
    'POST /sim/timings': timingsRoute((p) => patchTimings(timings, p)),
    'POST /sim/instances': instancesRoute(t.type({ name: t.string }), (b) =>
      names.has(b.name) ? false : (names.add(b.name), true),
    ),
  };
  assert.equal(answerAdmin(routes, 'GET', '/sim/x', ''), [200, [1]]);
  assert.equal(answerAdmin(routes, 'POST', '/sim/echo', '{"n":3}'), [200, 3]);
  assert.equal(answerAdmin(routes, 'POST', '/sim/echo', 'nope'), [
    400,
    { error: 'body is not JSON' },
  ]);
  const [status, body] = answerAdmin(routes, 'POST', '/sim/echo', '{"n":"3"}');
  assert.is(status, 400);
  assert.match((body as { error: string }).error, /Invalid value "3" supplied to .*n: number/);
  assert.equal(answerAdmin(routes, 'GET', '/sim/nope', ''), [
    404,
    { error: 'no admin endpoint GET /sim/nope' },
  ]);
  assert.equal(answerAdmin(routes, 'POST', '/sim/timings', '{"attachMs":7,"extra":1}'), adminOk);
  assert.is(timings.attachMs, 7);
  assert.equal(answerAdmin(routes, 'POST', '/sim/timings', '{"attachMs":-7}'), [
    400,
    { error: 'timings must be finite, non-negative numbers' },
  ]);
  assert.is(timings.attachMs, 7);
  assert.equal(answerAdmin(routes, 'POST', '/sim/instances', '{"name":"a"}'), adminOk);
  assert.equal(answerAdmin(routes, 'POST', '/sim/instances', '{"name":"a"}'), [
    409,
    { error: 'instance exists' },
  ]);
});

const spec = cliSpec(
  'c-sim',
  'A cloud simulator.',
  `
    --port <p>                  TCP port
    --config <file.json>        options as JSON
    --instance <a>:<b>:<c>...   an instance
    --zone <z>                  a zone
    --attachment-webhook <url>  webhook
    --create-ms <n>             create
    --attach-ms <n>             attach
    --detach-ms <n>             detach
    --delete-ms <n>             delete
  `,
);
const Config = t.partial({
  zone: t.string,
  instances: t.array(t.string),
  timings: t.partial(VolumeTimings.props),
  attachmentWebhook: t.string,
});
const parts = {
  config: Config,
  instanceForm: '<a>:<b>:<c>',
  instance: (p: readonly string[]) => p.join('/'),
};
const noFile = (): string => {
  throw new Error('no file');
};

test('parseCloudSimCli: flags over the file, instances of both; every bad input an error value', () => {
  const file = () =>
    '{"zone":"z1","instances":["f/g/h"],"timings":{"createMs":9,"attachMs":9},"attachmentWebhook":"f"}';
  const r = parseCloudSimCli(
    spec,
    [
      '--config',
      'c.json',
      '--instance',
      'a:b:c',
      '--port',
      '0',
      '--attach-ms',
      '5',
      '--zone',
      'z2',
    ],
    file,
    parts,
  );
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.options, {
    zone: 'z1',
    instances: ['f/g/h', 'a/b/c'],
    port: 0,
    timings: { createMs: 9, attachMs: 5 },
    attachmentWebhook: 'f',
  });
  assert.is(r.flags.string('zone'), 'z2');
  const w = parseCloudSimCli(spec, ['--config', 'c', '--attachment-webhook', 'w'], file, parts);
  assert.is(w.ok && w.options.attachmentWebhook, 'w');
  const bad = (argv: string[], read = noFile): string => {
    const x = parseCloudSimCli(spec, argv, read, parts);
    return x.ok ? 'parsed' : (x.error.split('\n')[0] ?? '');
  };
  assert.is(bad(['--instance', 'a:b']), "--instance must be <a>:<b>:<c>, got 'a:b'");
  assert.is(bad(['--instance', 'a:b:c:d']), "--instance must be <a>:<b>:<c>, got 'a:b:c:d'");
  assert.is(bad(['--port', 'x']), "--port must be a non-negative integer, got 'x'");
  assert.is(bad(['--delete-ms=-1']), "--delete-ms must be a non-negative integer, got '-1'");
  assert.match(bad(['--bogus']), /bogus/);
  assert.is(bad(['--config', 'c.json']), 'cannot read --config c.json: no file');
  assert.match(
    bad(['--config', 'c.json'], () => '{"zone":1}'),
    /^bad --config: .*zone/,
  );
  const help = parseCloudSimCli(spec, ['--help'], noFile, parts);
  assert.ok(!help.ok && help.error.startsWith('usage: c-sim [options]'));
});

test('serveSim and eventFeed: ticks around each request, the 500 of a throwing handler, events to listeners and the webhook in order', async () => {
  const hook = await startWebhookSink();
  const logged: string[] = [];
  let ticks = 0;
  const feed = eventFeed<{ n: number }>({
    name: 'c-sim',
    what: 'attachment',
    log: (l) => logged.push(l),
    webhook: hook.url,
    listener: () => {
      throw new Error('boom');
    },
  });
  const seen: number[] = [];
  const off = feed.on((e) => seen.push(e.n));
  const server = await serveSim({
    name: 'c-sim',
    tick: () => void (ticks += 1),
    tickMs: 60_000,
    log: (l) => logged.push(l),
    handle: (req, res, url, body) => {
      if (url.pathname === '/throw') throw new Error('bad handler');
      sendJson(res, [200, { body, path: url.pathname, h: headerOf(req, 'x-h') ?? null }]);
    },
    internalError: (res) => sendJson(res, [500, { error: 'internal' }]),
    drained: feed.drained,
  });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await fetch(`${server.url}/a?q=1`, {
      method: 'POST',
      body: 'hello',
      headers: { 'x-h': 'v' },
    });
    assert.equal(await r.json(), { body: 'hello', path: '/a', h: 'v' });
    assert.is(ticks, 2);
    const bad = await fetch(`${server.url}/throw`);
    assert.is(bad.status, 500);
    assert.equal(await bad.json(), { error: 'internal' });
    assert.ok(logged.includes('c-sim: request failed: Error: bad handler'));
    feed.deliver([{ n: 1 }, { n: 2 }]);
    off();
    feed.deliver([{ n: 3 }]);
    assert.equal(seen, [1, 2]);
    assert.equal(await hook.waitFor(3), [{ n: 1 }, { n: 2 }, { n: 3 }]);
    assert.is(
      logged.filter((l) => l === 'c-sim: attachment listener failed: Error: boom').length,
      3,
    );
  } finally {
    await server.stop();
    await hook.close();
  }
  const dead = eventFeed<{ n: number }>({
    name: 'c-sim',
    what: 'attachment',
    log: (l) => logged.push(l),
    webhook: hook.url,
  });
  dead.deliver([{ n: 4 }]);
  await dead.drained();
  assert.ok(logged.some((l) => l.startsWith('c-sim: attachment webhook failed: ')));
});

test.run();
