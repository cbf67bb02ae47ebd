import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import {
  imdsClient,
  metadataRequest,
  regionOfZone,
  resolveRegion,
  tokenRequest,
} from '../src/index.js';

test('requests are values: token PUT with TTL, GET with the token', () => {
  assert.equal(tokenRequest('http://169.254.169.254/', 60), {
    method: 'PUT',
    url: 'http://169.254.169.254/latest/api/token',
    headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' },
  });
  assert.equal(
    metadataRequest('http://h', '/meta-data/instance-id', 'T').url,
    'http://h/latest/meta-data/instance-id',
  );
});

/** A scripted IMDS: answers by method+path; counts token requests. */
const fakeImds = (doc: unknown, opts: { failFirstGet?: boolean } = {}) => {
  let tokens = 0;
  let gets = 0;
  const f = (async (url: string | URL | Request, init?: RequestInit) => {
    const path = new URL(String(url)).pathname;
    const h = (init?.headers ?? {}) as Record<string, string>;
    if (init?.method === 'PUT' && path === '/latest/api/token') {
      tokens++;
      return new Response(`tok${tokens}`, { status: 200 });
    }
    if (h['x-aws-ec2-metadata-token'] === undefined) return new Response('', { status: 401 });
    gets++;
    if (opts.failFirstGet === true && gets === 1) return new Response('', { status: 401 });
    if (path === '/latest/dynamic/instance-identity/document')
      return new Response(JSON.stringify(doc), { status: 200 });
    if (path === '/latest/meta-data/placement/availability-zone')
      return new Response('us-east-1a', { status: 200 });
    return new Response('', { status: 404 });
  }) as typeof fetch;
  return { f, tokens: () => tokens };
};

const doc = {
  instanceId: 'i-1',
  availabilityZone: 'us-east-1a',
  region: 'us-east-1',
  instanceType: 'm5.large',
  accountId: '1',
};

test('identity document decoded; the token is cached across calls', async () => {
  const { f, tokens } = fakeImds(doc);
  const c = imdsClient({ endpoint: 'http://imds', fetch: f, now: () => 0 });
  const id = await c.identity();
  assert.ok(isRight(id) && id.right.instanceId === 'i-1');
  const az = await c.get('meta-data/placement/availability-zone');
  assert.ok(isRight(az) && az.right === 'us-east-1a');
  assert.is(tokens(), 1);
});

test('a rejected token is renewed once; a bad document and an unreachable IMDS are Imds errors', async () => {
  const renew = fakeImds(doc, { failFirstGet: true });
  const c = imdsClient({ endpoint: 'http://imds', fetch: renew.f, now: () => 0 });
  assert.ok(isRight(await c.identity()));
  assert.is(renew.tokens(), 2);
  const bad = imdsClient({ endpoint: 'http://imds', fetch: fakeImds({ instanceId: 5 }).f });
  const r = await bad.identity();
  assert.ok(isLeft(r) && r.left._tag === 'Imds');
  const down = imdsClient({
    endpoint: 'http://imds',
    fetch: (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch,
  });
  const d = await down.get('meta-data/instance-id');
  assert.ok(isLeft(d) && d.left._tag === 'Imds');
  const empty = imdsClient({
    endpoint: 'http://imds',
    fetch: (async () => new Response('', { status: 200 })) as typeof fetch,
  });
  assert.ok(isLeft(await empty.get('meta-data/instance-id')));
});

test('region: configured wins, else IMDS; zone suffix stripped', async () => {
  assert.is(regionOfZone('us-east-1a'), 'us-east-1');
  assert.is(regionOfZone('us-west-2-lax-1a'), 'us-west-2-lax-1');
  const imds = imdsClient({
    endpoint: 'http://imds',
    fetch: fakeImds({ ...doc, region: 'eu-central-1' }).f,
  });
  const fromCfg = await resolveRegion({ region: 'ap-south-1' }, imds);
  assert.ok(isRight(fromCfg) && fromCfg.right === 'ap-south-1');
  const fromImds = await resolveRegion({}, imds);
  assert.ok(isRight(fromImds) && fromImds.right === 'eu-central-1');
  const down = imdsClient({
    endpoint: 'http://imds',
    fetch: (async () => new Response('', { status: 500 })) as typeof fetch,
  });
  assert.ok(isLeft(await resolveRegion({}, down)));
});

test.run();
