/**
 * `keytool` (the JRE's; the ScaleIO gateway package needs it: its RPM's pre-install checks "found
 * the keytool executable in PATH" and makes the gateway's self-signed certificate with it). Only
 * `keytool -list [-v] -rfc -keystore <file> -storepass[:env|:file] <value>` is simulated: the
 * entries of a keystore with each certificate chain in PEM ("printable encoding", Java 8 keytool
 * reference, `-list` and `-rfc`; `-storepass:env` / `-storepass:file` read the password from an
 * environment variable or a file, same page). A wrong password is "Keystore was tampered with, or
 * password was incorrect"; a missing file "Keystore file does not exist".
 *
 * The real keystore is a binary JKS file; node-sim's keystore (written by the gateway package's
 * install, `effects.ts`) is a JSON document that only this keytool reads, so the product can
 * reach the certificate only as on a real node: through keytool.
 */
import { createHash } from 'node:crypto';
import * as t from 'io-ts';
import { files, type Tool, type ToolContext } from './context.js';

/** node-sim's keystore document (a stand-in for the JKS file). */
export const NodeSimKeystore = t.type({
  nodeSimKeystore: t.literal(1),
  type: t.literal('JKS'),
  passwordSha256: t.string,
  entries: t.array(
    t.type({
      alias: t.string,
      created: t.string,
      chain: t.array(t.string),
    }),
  ),
});
/** node-sim's keystore document. */
export type NodeSimKeystore = t.TypeOf<typeof NodeSimKeystore>;

/** The hash a keystore document keeps of its password. */
export const keystorePasswordHash = (password: string): string =>
  createHash('sha256').update(`node-sim-keystore:${password}`).digest('hex');

const USAGE = 'keytool error: java.lang.RuntimeException: Usage error, try keytool -help\n';

/** The value of `-storepass`, `-storepass:env` or `-storepass:file`, or why there is none. */
const storePassword = (ctx: ToolContext): { ok: string } | { error: string } | undefined => {
  const a = ctx.args;
  const i = a.findIndex((x) => x === '-storepass' || x.startsWith('-storepass:'));
  if (i < 0) return undefined;
  const kind = a[i] ?? '';
  const value = a[i + 1];
  if (value === undefined) return { error: USAGE };
  if (kind === '-storepass') return { ok: value };
  if (kind === '-storepass:env') {
    const v = ctx.env[value];
    return v === undefined
      ? {
          error: `keytool error: java.lang.Exception: Cannot find environment variable: ${value}\n`,
        }
      : { ok: v };
  }
  if (kind === '-storepass:file') {
    const f = files(ctx);
    return f.exists(value)
      ? { ok: f.read(value).split('\n')[0] ?? '' }
      : {
          error: `keytool error: java.io.FileNotFoundException: ${value} (No such file or directory)\n`,
        };
  }
  return { error: USAGE };
};

/** `keytool -list -rfc …`. */
export const keytool: Tool = async (ctx) => {
  const a = ctx.args;
  const ksAt = a.indexOf('-keystore');
  const keystore = ksAt < 0 ? undefined : a[ksAt + 1];
  if (!a.includes('-list') || !a.includes('-rfc') || keystore === undefined) {
    ctx.err(
      a.includes('-list') || keystore !== undefined
        ? USAGE
        : 'node-sim keytool: only "keytool -list -rfc -keystore <file> -storepass..." is simulated\n',
    );
    return 1;
  }
  const f = files(ctx);
  if (!f.exists(keystore)) {
    ctx.err(`keytool error: java.lang.Exception: Keystore file does not exist: ${keystore}\n`);
    return 1;
  }
  let doc: NodeSimKeystore | undefined;
  try {
    const raw: unknown = JSON.parse(f.read(keystore));
    doc = NodeSimKeystore.is(raw) ? raw : undefined;
  } catch {
    doc = undefined;
  }
  if (doc === undefined) {
    ctx.err('keytool error: java.io.IOException: Invalid keystore format\n');
    return 1;
  }
  const pass = storePassword(ctx);
  if (pass !== undefined && 'error' in pass) {
    ctx.err(pass.error);
    return 1;
  }
  if (pass === undefined) {
    // No password and no terminal: keytool reads an empty line and lists without checking.
    ctx.out('Enter keystore password:  \n');
  } else if (keystorePasswordHash(pass.ok) !== doc.passwordSha256) {
    ctx.err(
      'keytool error: java.io.IOException: Keystore was tampered with, or password was incorrect\n',
    );
    return 1;
  }
  let out = `Keystore type: ${doc.type}\nKeystore provider: SUN\n\n`;
  out += `Your keystore contains ${doc.entries.length} ${doc.entries.length === 1 ? 'entry' : 'entries'}\n\n`;
  for (const e of doc.entries) {
    out += `Alias name: ${e.alias}\nCreation date: ${e.created}\nEntry type: PrivateKeyEntry\n`;
    out += `Certificate chain length: ${e.chain.length}\n`;
    e.chain.forEach((pem, i) => {
      out += `Certificate[${i + 1}]:\n${pem.trim()}\n`;
    });
    out +=
      '\n\n*******************************************\n*******************************************\n\n\n';
  }
  if (pass === undefined)
    out +=
      '\n*****************  WARNING WARNING WARNING  *****************\n* The integrity of the information stored in your keystore  *\n* has NOT been verified!  In order to verify its integrity, *\n* you must provide your keystore password.                  *\n*****************  WARNING WARNING WARNING  *****************\n\n';
  ctx.out(out);
  return 0;
};
