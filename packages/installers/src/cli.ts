/**
 * The logic of the `installers-plan` command (pure apart from the injected file reader).
 */
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { classifyOs, parseOsRelease } from './os.js';
import { renderSpecs } from './render.js';
import { decodeInstallSpec } from './spec.js';

const USAGE =
  'usage: installers-plan (--os <id>:<version> | --os-release <file>) <spec.json>\n' +
  '       installers-plan --help | --version\n';

/**
 * Runs the command: the text to print and the exit code. `version` is the package's version,
 * printed by `--version`.
 */
export const main = (
  args: readonly string[],
  read: (path: string) => string,
  version = 'unknown',
): { readonly code: number; readonly output: string } => {
  const fail = (m: string) => ({ code: 2, output: `installers-plan: ${m}\n${USAGE}` });
  let osText: string | undefined;
  let specPath: string | undefined;
  try {
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '--os') {
        const [id, version] = (args[++i] ?? '').split(':');
        osText = `ID=${id ?? ''}\nVERSION_ID=${version ?? ''}\n`;
      } else if (a === '--os-release') osText = read(args[++i] ?? '');
      else if (a === '--help' || a === '-h') return { code: 0, output: USAGE };
      else if (a === '--version') return { code: 0, output: `installers-plan ${version}\n` };
      else if (a !== undefined && !a.startsWith('-') && specPath === undefined) specPath = a;
      else return fail(`unexpected argument ${a ?? ''}`);
    }
    if (osText === undefined) return fail('--os or --os-release is required');
    if (specPath === undefined) return fail('a spec file is required');
    const os = classifyOs(parseOsRelease(osText));
    if (os._tag === 'unsupported') return fail(`unsupported OS: ${os.reason}`);
    const json: unknown = JSON.parse(read(specPath));
    const list = t.array(t.unknown).is(json) ? json : [json];
    const specs = [];
    for (const [i, s] of list.entries()) {
      const d = decodeInstallSpec(s);
      if (isLeft(d)) return fail(`spec ${i}: ${d.left.message}`);
      specs.push(d.right);
    }
    const text = renderSpecs(specs, os);
    return isLeft(text) ? fail(text.left.message) : { code: 0, output: text.right };
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
};
