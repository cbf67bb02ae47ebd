import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir } from '@scaleio-framework/testkit';
import { fetchUris } from '../src/agent/fetcher.js';

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
    assert.match(String(await fetchUris([{ value: `${base}/missing` }], sandbox)), /HTTP 404/);
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

test.run();
