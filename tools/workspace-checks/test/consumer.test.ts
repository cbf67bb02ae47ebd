// Every published library installs and type-checks in a project outside the workspace that
// depends only on it: each package is packed (`npm pack`), the tarballs are installed into a
// temporary directory (with their declared dependencies from the registry or npm's cache), and a
// consumer file that imports every package's public API is type-checked with `skipLibCheck:
// false` — so a declaration that needs a type its package does not declare (`@types/node`, a
// workspace-only path) fails here. Then each package is imported under plain node from there.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');

/** Every workspace package under packages/ that is not private: what gets published. */
const published = readdirSync(join(root, 'packages'))
  .map((dir) => ({
    dir: join(root, 'packages', dir),
    file: join(root, 'packages', dir, 'package.json'),
  }))
  .filter((p) => existsSync(p.file))
  .map((p) => ({ ...p, pkg: JSON.parse(readFileSync(p.file, 'utf8')) as Record<string, unknown> }))
  .filter((p) => p.pkg['private'] !== true)
  .map((p) => ({ dir: p.dir, name: String(p.pkg['name']) }));

const run = (cmd: string, args: readonly string[], cwd: string): string => {
  try {
    return execFileSync(cmd, [...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '', npm_config_update_notifier: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${cmd} ${args.join(' ')} failed in ${cwd}:
${x.stdout ?? ''}${x.stderr ?? x.message}`,
      { cause: e },
    );
  }
};

test('every published library installs from its tarball and type-checks in an empty project', () => {
  assert.ok(
    published.length >= 7,
    `published packages: ${published.map((p) => p.name).join(', ')}`,
  );
  // the libraries' dist/ (a no-op when `npm run build` ran; this test may run before their builds)
  run(process.execPath, [tsc, '-b', ...published.map((p) => p.dir)], root);
  const work = mkdtempSync(join(tmpdir(), 'consumer-'));
  try {
    // One `npm pack` for all of them (a dozen npm start-ups took ~15 s).
    const packed = JSON.parse(
      run(
        'npm',
        [
          'pack',
          '--ignore-scripts',
          '--json',
          '--pack-destination',
          work,
          ...published.flatMap((p) => ['--workspace', p.dir]),
        ],
        root,
      ),
    ) as { name: string; filename: string }[];
    const tarballs = published.map((p) => {
      const file = packed.find((x) => x.name === p.name)?.filename;
      assert.ok(file, `npm pack packed ${p.name}`);
      return join(work, file);
    });
    writeFileSync(
      join(work, 'package.json'),
      JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }),
    );
    run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...tarballs],
      work,
    );
    const ids = published.map((p, i) => [`lib${i}`, p.name] as const);
    writeFileSync(
      join(work, 'consumer.ts'),
      [
        ...ids.map(([id, name]) => `import * as ${id} from '${name}';`),
        `export const apis: readonly object[] = [${ids.map(([id]) => id).join(', ')}];`,
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(work, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: false,
          noEmit: true,
        },
        files: ['consumer.ts'],
      }),
    );
    // typeRoots default to ./node_modules/@types here and above: only what the tarballs brought
    assert.not.ok(
      existsSync(join(dirname(work), 'node_modules')),
      'no node_modules above the project',
    );
    run(process.execPath, [tsc, '-p', work], work);
    for (const [, name] of ids)
      run(process.execPath, ['--input-type=module', '-e', `await import('${name}')`], work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test.run();
