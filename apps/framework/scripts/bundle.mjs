// Bundles each binary (dist/bin/*.js, built by tsc) with its dependencies into one ESM file
// under dist/bundle/, with its sourcemap, so that it runs under plain `node` with nothing
// installed beside it — which is how the Mesos fetcher delivers the executor to an agent and how
// the release archive ships both (`scripts/release.mjs`). Beside them: THIRD-PARTY-NOTICES.txt,
// the licences of every npm package the bundles carry (`scripts/notices.mjs`).
//
// A bundle that would still need a package at run time fails the build: esbuild leaves a module
// external only when it cannot see the import, so every import left in the output must be a Node
// built-in. `createRequire(import.meta.url)('pkg')` (how @scaleio-framework/state loads the
// CommonJS node-zookeeper-client) is such an import esbuild cannot see; the plugin below turns it
// into the plain `require('pkg')` esbuild bundles.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync } from 'node:zlib';
import { bundledPackages, renderNotices } from './notices.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const workspace = join(root, '../..');
const bins = readdirSync(join(root, 'dist/bin')).filter((f) => f.endsWith('.js'));
const finalDir = join(root, 'dist/bundle');
// Built aside, then swapped in: no stale file survives, and a bundle being run meanwhile (tests,
// the demo) is missing only for the instant of the swap.
const outDir = join(root, `dist/bundle.tmp-${process.pid}`);

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

/** `createRequire(import.meta.url)('x')` in our compiled sources → `require('x')`. */
const CREATE_REQUIRE = /\bcreateRequire\(import\.meta\.url\)\(/g;
const visibleRequires = {
  name: 'visible-requires',
  setup(b) {
    b.onLoad(
      { filter: /[\\/](packages|apps|tools)[\\/][^\\/]+[\\/]dist[\\/].*\.js$/ },
      async (args) => {
        const text = await readFile(args.path, 'utf8');
        if (!CREATE_REQUIRE.test(text)) return undefined;
        return {
          contents: text.replace(CREATE_REQUIRE, 'require('),
          loader: 'js',
          resolveDir: dirname(args.path),
        };
      },
    );
  },
};

/**
 * Large JSON data files of dependencies (@google-cloud/compute's 11.7 MB `protos.json`, required
 * only once a GCE provider is built) go into the bundle Brotli-compressed and are inflated when
 * first required: as a JavaScript object literal the file made the scheduler bundle 21 MB, and
 * its source text alone stayed in every scheduler's heap, GCE or not.
 */
const PACK_JSON_BYTES = 256 * 1024;
const packedJson = {
  name: 'packed-json',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/].*\.json$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (text.length < PACK_JSON_BYTES) return undefined;
      const packed = brotliCompressSync(JSON.stringify(JSON.parse(text))).toString('base64');
      return {
        contents: `module.exports = JSON.parse(require('node:zlib').brotliDecompressSync(Buffer.from(${JSON.stringify(packed)}, 'base64')).toString('utf8'));`,
        loader: 'js',
      };
    });
  },
};

/**
 * Rewrites every non-ASCII character left in a bundle (esbuild escapes them in strings, not in the
 * comments it keeps: `→`, `’`, `—`) as a `\uXXXX` escape, which means the same character in a
 * comment, a string, a template or a regular expression. V8 keeps a script's source in memory
 * for as long as the script lives, one byte per character only if every character is Latin-1:
 * one such arrow made the 8.6 MB scheduler bundle a 17 MB two-byte string in every scheduler's
 * heap. Columns after an escaped character on its line shift in the sourcemap (31 lines).
 */
const asciiOnly = (file) => {
  const text = readFileSync(file, 'utf8');
  const escaped = text.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  if (escaped !== text) writeFileSync(file, escaped);
};

const builtin = new Set(builtinModules);
const isBuiltin = (p) => p.startsWith('node:') || builtin.has(p) || builtin.has(p.split('/')[0]);

rmSync(outDir, { recursive: true, force: true });
const metafiles = [];
for (const file of bins) {
  const name = file.replace(/\.js$/, '');
  const outfile = join(outDir, `${name}.mjs`);
  const result = await build({
    absWorkingDir: workspace,
    entryPoints: [join(root, 'dist/bin', file)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: false,
    sourcemap: 'linked',
    legalComments: 'none',
    metafile: true,
    plugins: [visibleRequires, packedJson],
    define: { __SCALEIO_BUILD__: JSON.stringify(build_) },
    logLevel: 'warning',
    // CommonJS dependencies call require() for Node built-ins, and some read __dirname at load
    // (google-gax's grpc.js, loaded by @google-cloud/compute); give the ESM bundle both.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
    },
  });
  asciiOnly(outfile);
  const output = Object.entries(result.metafile.outputs).find(([p]) => p.endsWith('.mjs'))?.[1];
  const outside = (output?.imports ?? []).filter((i) => i.external && !isBuiltin(i.path));
  const hidden = [
    ...readFileSync(outfile, 'utf8').matchAll(/\bcreateRequire\([^)]*\)\(\s*["']([^"']+)["']/g),
  ]
    .map((m) => m[1])
    .filter((p) => !isBuiltin(p));
  const missing = [...new Set([...outside.map((i) => i.path), ...hidden])];
  if (missing.length > 0) {
    process.stderr.write(
      `bundle: ${name}.mjs would need ${missing.join(', ')} beside it at run time\n`,
    );
    rmSync(outDir, { recursive: true, force: true });
    process.exit(1);
  }
  metafiles.push({ bundle: `${name}.mjs`, metafile: result.metafile });
}
const packages = bundledPackages(metafiles, workspace);
writeFileSync(
  join(outDir, 'THIRD-PARTY-NOTICES.txt'),
  renderNotices(`scaleio-framework ${build_.version}`, packages),
);
const previous = `${outDir}.old`;
if (existsSync(finalDir)) renameSync(finalDir, previous);
renameSync(outDir, finalDir);
rmSync(previous, { recursive: true, force: true });
console.log(
  `bundled ${bins.length} binaries into dist/bundle/ (with sourcemaps; ${packages.length} third-party packages in THIRD-PARTY-NOTICES.txt)`,
);
