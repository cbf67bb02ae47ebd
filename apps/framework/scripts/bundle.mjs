// Bundles each binary (dist/bin/*.js, built by tsc) with its dependencies into one ESM file
// under dist/bundle/, so that it runs under plain `node` with nothing installed beside it —
// which is how the Mesos fetcher delivers the executor to an agent.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bins = readdirSync(join(root, 'dist/bin')).filter((f) => f.endsWith('.js'));
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
    logLevel: 'warning',
    // CommonJS dependencies call require() for Node built-ins; give the ESM bundle one.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
}
console.log(`bundled ${bins.length} binaries into dist/bundle/`);
