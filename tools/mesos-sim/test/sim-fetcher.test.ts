import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir } from '@scaleio-framework/testkit';
import { clearFetchCache, fetchCacheOf, fetchUris } from '../src/agent/fetcher.js';

test('fetcher: http download, tar.gz extraction, executable, output_file, file://, clear errors', async () => {
  const srcDir = makeTempDir('fetch-src-');
  const sandboxDir = makeTempDir('fetch-sb-');
  const [src, sandbox] = [srcDir.path, sandboxDir.path];
  mkdirSync(join(src, 'pkg'));
  writeFileSync(join(src, 'pkg', 'inside.txt'), 'from the archive');
  execFileSync('tar', ['czf', join(src, 'bundle.tar.gz'), '-C', src, 'pkg']);
  writeFileSync(join(src, 'run.sh'), '#!/bin/sh\necho hi\n');
  writeFileSync(join(src, 'plain.txt'), 'plain');
  const server = createServer((req, res) => {
    const name = (req.url ?? '').slice(1);
    let body: Buffer;
    try {
      body = readFileSync(join(src, name));
    } catch (_e) {
      return void res.writeHead(404).end();
    }
    res.writeHead(200).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const ok = await fetchUris(
      [
        { value: `${base}/bundle.tar.gz` },
        { value: `${base}/run.sh`, executable: true },
        { value: `${base}/plain.txt`, output_file: 'renamed.txt' },
        { value: `file://${join(src, 'plain.txt')}`, extract: false },
      ],
      sandbox,
    );
    assert.is(ok, undefined);
    assert.is(readFileSync(join(sandbox, 'pkg', 'inside.txt'), 'utf8'), 'from the archive');
    assert.ok((statSync(join(sandbox, 'run.sh')).mode & 0o111) !== 0, 'executable bit set');
    assert.is(readFileSync(join(sandbox, 'renamed.txt'), 'utf8'), 'plain');
    assert.is(readFileSync(join(sandbox, 'plain.txt'), 'utf8'), 'plain');
    assert.match(
      String(await fetchUris([{ value: `${base}/missing` }], sandbox)),
      /received HTTP return code 404/,
    );
    assert.match(
      String(await fetchUris([{ value: 'hdfs://x/y' }], sandbox)),
      /Unsupported URI scheme/,
    );
    assert.match(
      String(await fetchUris([{ value: `${base}/plain.txt`, output_file: '../escape' }], sandbox)),
      /Invalid output file/,
    );
    assert.match(
      String(await fetchUris([{ value: 'http://127.0.0.1:1/x' }], sandbox)),
      /Failed to fetch/,
    );
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
    srcDir.remove();
    sandboxDir.remove();
  }
});

test('fetcher cache: one download per user and URI; an archive unpacked from it is not in the sandbox', async () => {
  const srcDir = makeTempDir('fetch-src-');
  const work = makeTempDir('fetch-sb-');
  const src = srcDir.path;
  mkdirSync(join(src, 'rt', 'bin'), { recursive: true });
  writeFileSync(join(src, 'rt', 'bin', 'tool'), 'tool');
  execFileSync('tar', ['czf', join(src, 'rt.tar.gz'), '-C', src, 'rt']);
  writeFileSync(join(src, 'note.txt'), 'note');
  const gets: string[] = [];
  const server = createServer((req, res) => {
    const name = (req.url ?? '').slice(1).split('?')[0] ?? '';
    if (req.method === 'GET') gets.push(name);
    let body: Buffer;
    try {
      body = readFileSync(join(src, name));
    } catch (_e) {
      return void res.writeHead(404).end();
    }
    // `?chunked`: no Content-Length, so the fetcher cannot learn the size and bypasses the cache
    if ((req.url ?? '').endsWith('?chunked')) {
      res.writeHead(200, { 'transfer-encoding': 'chunked' });
      return void res.end(req.method === 'HEAD' ? undefined : body);
    }
    res
      .writeHead(200, { 'content-length': body.length })
      .end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const agent = {};
  const cache = fetchCacheOf(agent, join(work.path, 'cache'));
  const sandbox = (n: string) => {
    const d = join(work.path, n);
    mkdirSync(d);
    return d;
  };
  const has = (dir: string, f: string) => {
    try {
      statSync(join(dir, f));
      return true;
    } catch {
      return false;
    }
  };
  try {
    const uris = [
      { value: `${base}/rt.tar.gz`, cache: true },
      { value: `${base}/note.txt`, cache: true, extract: true },
    ];
    const a = sandbox('a');
    assert.is(await fetchUris(uris, a, cache, 'root'), undefined);
    assert.is(readFileSync(join(a, 'rt', 'bin', 'tool'), 'utf8'), 'tool');
    assert.not.ok(has(a, 'rt.tar.gz'), 'only the extraction result is in the sandbox');
    assert.is(readFileSync(join(a, 'note.txt'), 'utf8'), 'note', 'a non-archive is copied');
    const b = sandbox('b');
    assert.is(await fetchUris(uris, b, cache, 'root'), undefined);
    assert.ok(has(b, 'rt/bin/tool'));
    assert.equal(gets, ['rt.tar.gz', 'note.txt'], 'the second launch was served by the cache');
    await fetchUris(uris.slice(0, 1), sandbox('c'), cache, 'nobody');
    assert.is(gets.length, 3, 'another user is another cache entry');
    const d = sandbox('d');
    assert.is(await fetchUris([{ value: `${base}/rt.tar.gz` }], d, cache, 'root'), undefined);
    assert.ok(has(d, 'rt.tar.gz') && has(d, 'rt/bin/tool'), 'bypassing the cache keeps both');
    const e = sandbox('e');
    await fetchUris(
      [{ value: `${base}/rt.tar.gz?chunked`, cache: true, output_file: 'x.tar.gz' }],
      e,
      cache,
      'root',
    );
    assert.ok(has(e, 'x.tar.gz'), 'no size up front: the cache is bypassed');
    clearFetchCache(agent);
    const before = gets.length;
    await fetchUris(
      uris.slice(0, 1),
      sandbox('f'),
      fetchCacheOf(agent, join(work.path, 'cache2')),
      'root',
    );
    assert.is(gets.length, before + 1, 'a restarted agent starts with an empty cache');
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
    srcDir.remove();
    work.remove();
  }
});

test.run();
