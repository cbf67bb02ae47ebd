#!/usr/bin/env node
// Scaffolds a workspace package: package.json (exports, files, nx tags), tsconfig for src and
// test, a README and a uvu test folder, and registers both tsconfigs in the root solution.
//
// usage: npm run new-package -- <dir> --tag <layer:...> [--tag <more>] [--description <text>]
//                                 [--dep <workspace-or-npm-name>]... [--bin <name>]...
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs as parseArgv } from 'node:util';

const SCOPE = '@scaleio-framework';
const LAYERS = [
  'layer:client',
  'layer:provider',
  'layer:core',
  'layer:runtime',
  'layer:app',
  'layer:testing',
];

/**
 * Reads the command line (`node:util` `parseArgs`, strict) into options; throws a one-line error
 * naming the option that is wrong.
 * @param {string[]} argv
 */
export function parseArgs(argv) {
  let parsed;
  try {
    parsed = parseArgv({
      args: argv,
      options: {
        tag: { type: 'string', multiple: true },
        dep: { type: 'string', multiple: true },
        bin: { type: 'string', multiple: true },
        description: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    const flag = /'(-[^' ]+)/.exec(e.message)?.[1] ?? '';
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      throw new Error(`unknown option ${flag}`, { cause: e });
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new Error(`option ${flag} needs a value`, { cause: e });
    throw new Error(e.message.split('. ')[0], { cause: e });
  }
  const { values, positionals } = parsed;
  if (values.help || values.version)
    return { help: values.help === true, version: values.version === true };
  if (positionals.length > 1) throw new Error(`unexpected argument ${positionals[1]}`);
  const opts = {
    dir: positionals[0],
    tags: values.tag ?? [],
    deps: values.dep ?? [],
    bins: values.bin ?? [],
    description: values.description ?? '',
  };
  if (!opts.dir) throw new Error('missing the package directory, e.g. packages/mesos');
  if (!/^(packages|apps|tools)\/[a-z0-9-]+$|^e2e$/.test(opts.dir))
    throw new Error(
      `directory must be packages/<name>, apps/<name>, tools/<name> or e2e: ${opts.dir}`,
    );
  const layers = opts.tags.filter((t) => t.startsWith('layer:'));
  if (layers.length !== 1 || !LAYERS.includes(layers[0]))
    throw new Error(`exactly one --tag of ${LAYERS.join(', ')} is required`);
  return opts;
}

const json = (v) => JSON.stringify(v, null, 2) + '\n';

/**
 * The files of a new package, as a map from path (relative to the package) to contents.
 * Pure: nothing is written.
 */
export function packageFiles(opts, depVersions = {}, locate = (short) => `packages/${short}`) {
  const short = basename(opts.dir);
  const name = `${SCOPE}/${short}`;
  const isLib = opts.dir.startsWith('packages/');
  const dependencies = Object.fromEntries(
    opts.deps.map((d) => [d, d.startsWith(SCOPE) ? '*' : (depVersions[d] ?? '*')]),
  );
  const pkg = {
    name,
    version: '0.1.0',
    description: opts.description || `${name}`,
    license: 'Apache-2.0',
    type: 'module',
    ...(isLib ? {} : { private: true }),
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
    types: './dist/index.d.ts',
    files: ['dist', '!dist/**/*.tsbuildinfo', '!dist/**/*.map', 'README.md'],
    ...(opts.bins.length
      ? { bin: Object.fromEntries(opts.bins.map((b) => [b, `./dist/bin/${b}.js`])) }
      : {}),
    engines: { node: '>=20.19.0' },
    scripts: {
      build: 'tsc -b tsconfig.json',
      test: "NODE_OPTIONS=--import=tsx uvu test '\\.test\\.ts$' --no-color",
    },
    ...(Object.keys(dependencies).length ? { dependencies } : {}),
    nx: { tags: opts.tags },
  };
  const wsRefs = opts.deps
    .filter((d) => d.startsWith(SCOPE))
    .map((d) => ({ path: relative(opts.dir, locate(d.slice(SCOPE.length + 1))) }));
  const up = opts.dir === 'e2e' ? '..' : '../..';
  const tsconfig = {
    extends: `${up}/tsconfig.base.json`,
    compilerOptions: {
      rootDir: 'src',
      outDir: 'dist',
      tsBuildInfoFile: 'dist/tsconfig.tsbuildinfo',
    },
    include: ['src/**/*.ts'],
    references: wsRefs,
  };
  const testTsconfig = {
    extends: `../${up}/tsconfig.base.json`,
    compilerOptions: { noEmit: true, composite: false, declaration: false, declarationMap: false },
    include: ['**/*.ts'],
    references: [{ path: '..' }],
  };
  const files = {
    'package.json': json(pkg),
    'tsconfig.json': json(tsconfig),
    'test/tsconfig.json': json(testTsconfig),
    'src/index.ts': `/**\n * ${name}: ${opts.description || 'TODO: describe this package.'}\n *\n * @packageDocumentation\n */\n\n/** The package name, as published. */\nexport const packageName = '${name}';\n`,
    'test/index.test.ts': `import { test } from 'uvu';\nimport * as assert from 'uvu/assert';\nimport { packageName } from '../src/index.js';\n\ntest('exports its package name', () => {\n  assert.is(packageName, '${name}');\n});\n\ntest.run();\n`,
    'README.md': `# ${name}\n\n${opts.description || ''}\n\n## Install\n\n\`\`\`sh\nnpm install ${name}\n\`\`\`\n\n## Example\n\n\`\`\`ts\nimport { packageName } from '${name}';\n\nconsole.log(packageName);\n\`\`\`\n`,
  };
  for (const b of opts.bins)
    files[`src/bin/${b}.ts`] = `#!/usr/bin/env node\n// ${b}: entry point.\nconsole.log('${b}');\n`;
  return files;
}

/** Adds the package's two tsconfigs to the root solution tsconfig.json (idempotent). */
export function addRootReferences(rootTsconfig, dir) {
  const refs = rootTsconfig.references ?? [];
  for (const path of [`./${dir}`, `./${dir}/test`])
    if (!refs.some((r) => r.path === path)) refs.push({ path });
  refs.sort((a, b) => a.path.localeCompare(b.path));
  return { ...rootTsconfig, files: [], references: refs };
}

const USAGE = `usage: npm run new-package -- <dir> --tag <layer:...> [--tag <more>] [--description <text>]
                                [--dep <workspace-or-npm-name>]... [--bin <name>]...

Scaffolds a workspace package (<dir>: packages/<name>, apps/<name>, tools/<name> or e2e):
package.json with exports, files and nx tags, tsconfigs, a README and a uvu test folder, and
registers it in the root tsconfig.json. Run npm install after.

options:
  --tag <tag>            nx tag; exactly one layer:<client|provider|core|runtime|app|testing>
  --dep <name>           a dependency (workspace package or npm name; repeatable)
  --bin <name>           a bin of the package (repeatable)
  --description <text>   package.json description
  -h, --help             print this help and exit
  --version              print the version and exit
`;

function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`new-package: ${e.message} (see --help)`);
    process.exit(2);
  }
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  if (opts.help) return void process.stdout.write(USAGE);
  if (opts.version) {
    const own = JSON.parse(readFileSync(join(root, 'tools/new-package/package.json'), 'utf8'));
    return void process.stdout.write(`new-package ${own.version}\n`);
  }
  const target = join(root, opts.dir);
  if (existsSync(join(target, 'package.json'))) {
    console.error(`new-package: ${opts.dir}/package.json exists already; nothing written`);
    process.exit(1);
  }
  const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const versions = { ...rootPkg.dependencies, ...rootPkg.devDependencies };
  const locate = (short) =>
    ['packages', 'apps', 'tools']
      .map((t) => `${t}/${short}`)
      .find((d) => existsSync(join(root, d))) ?? `packages/${short}`;
  for (const [rel, text] of Object.entries(packageFiles(opts, versions, locate))) {
    const p = join(target, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  const tsPath = join(root, 'tsconfig.json');
  const current = existsSync(tsPath) ? JSON.parse(readFileSync(tsPath, 'utf8')) : {};
  writeFileSync(tsPath, json(addRootReferences(current, opts.dir)));
  console.log(`created ${relative(root, target)}; run npm install to link it`);
}

// run as a script, also through a node_modules/.bin link (a symlink), not when imported
if (process.argv[1] && realpathSync(resolve(process.argv[1])) === fileURLToPath(import.meta.url))
  main();
