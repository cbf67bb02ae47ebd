// Bundles each binary (dist/bin/*.js, built by tsc) with its dependencies into one ESM file
// under dist/bundle/, so that it runs under plain `node` with nothing installed beside it —
// which is how the Mesos fetcher delivers the executor to an agent.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bins = readdirSync(join(root, 'dist/bin')).filter((f) => f.endsWith('.js'));

// The build the binaries report (`--version`, `scaleio_framework_build_info`): the package's
// version and the git commit it was built from, when there is one.
const revision = () => {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
};
const build_ = {
  version: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version,
  revision: revision(),
};

for (const file of bins) {
  const name = file.replace(/\.js$/, '');
  await build({
    entryPoints: [join(root, 'dist/bin', file)],
    outfile: join(root, 'dist/bundle', `${name}.mjs`),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: false,
    sourcemap: false,
    legalComments: 'none',
    define: { __SCALEIO_BUILD__: JSON.stringify(build_) },
    logLevel: 'warning',
    // CommonJS dependencies call require() for Node built-ins; give the ESM bundle one.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
}
console.log(`bundled ${bins.length} binaries into dist/bundle/`);
