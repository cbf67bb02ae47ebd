/**
 * The gateway package's certificate, as its install makes it (captured output of
 * `rpm -i EMC-ScaleIO-gateway-*.x86_64.rpm`: "found the keytool executable in PATH", then
 * "certificate subject: CN=localhost.localdomain, OU=ASD, O=EMC, L=Hopkinton,
 * ST=Massachusetts, C=US", a JKS keystore at `/opt/emc/scaleio/gateway/conf/certificates/.keystore`
 * and "Certificate stored in file </opt/emc/scaleio/gateway/temp/certificates/ScaleIO.cer>").
 * Tomcat reads the keystore named by `keystore.file` / `keystore.password` in
 * `/opt/emc/scaleio/gateway/conf/catalina.properties` (vchrisb/docker-scaleio-gw
 * `docker-entrypoint.sh` edits exactly those two keys to swap the certificate).
 *
 * Here the gateway is scaleio-sim: the keystore holds the certificate scaleio-sim serves (asked
 * from its admin API, `GET /sim/certificate`), so what a node reports is what the gateway shows.
 * Without scaleio-sim, or when it serves plain HTTP, the keystore holds no entry.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { simPaths } from '../state/paths.js';
import { adminBase, adminRequest } from './admin.js';
import { files, type ToolContext } from './context.js';
import { keystorePasswordHash, type NodeSimKeystore } from './keytool.js';
import { installWrapper } from './wrapper.js';

/** Tomcat's settings file of the gateway. */
export const GATEWAY_CATALINA = '/opt/emc/scaleio/gateway/conf/catalina.properties';
/** The gateway's keystore (JKS on a real node). */
export const GATEWAY_KEYSTORE = '/opt/emc/scaleio/gateway/conf/certificates/.keystore';

/**
 * The JRE packages the gateway component installs (`default-jre-headless` on Ubuntu,
 * `java-1.8.0-openjdk` on RHEL/CentOS) and the OpenJDK packages they pull in: each puts
 * `keytool` on PATH (packages.ubuntu.com openjdk-8-jre-headless file list: `bin/keytool`;
 * RHEL's java-1.8.0-openjdk-headless: `/usr/bin/keytool` through alternatives).
 */
export const JRE_PACKAGE =
  /^(default-jre(-headless)?|openjdk-\d+-jre(-headless)?|java-(1\.8\.0|11|17)-openjdk(-headless)?)$/;

/** Puts `keytool` on the node's PATH (a JRE package installed). */
export const installKeytool = (ctx: ToolContext): void =>
  installWrapper(simPaths(ctx.root).bin, 'keytool', ctx.config.toolsUrl);

/** Whether `keytool` is on the node's PATH (the gateway install checks it first). */
export const hasKeytool = (ctx: ToolContext): boolean =>
  existsSync(join(simPaths(ctx.root).bin, 'keytool'));

const CertBody = t.type({ pem: t.union([t.string, t.null]) });

/** Writes catalina.properties and the keystore, as the install does. */
export const writeGatewayKeystore = async (ctx: ToolContext): Promise<E.Either<string, void>> => {
  const f = files(ctx);
  const r = await adminRequest(adminBase(ctx), 'GET', '/sim/certificate');
  if (E.isLeft(r)) return r;
  const body = r.right.skipped ? undefined : CertBody.decode(r.right.body);
  const pem = body !== undefined && E.isRight(body) ? body.right.pem : null;
  const password = randomBytes(12).toString('base64url');
  const doc: NodeSimKeystore = {
    nodeSimKeystore: 1,
    type: 'JKS',
    passwordSha256: keystorePasswordHash(password),
    entries:
      pem === null ? [] : [{ alias: 'scaleio', created: new Date().toUTCString(), chain: [pem] }],
  };
  f.write(GATEWAY_KEYSTORE, `${JSON.stringify(doc)}\n`, 0o600);
  f.write(
    GATEWAY_CATALINA,
    `# node-sim: Tomcat settings of the ScaleIO gateway\nkeystore.file = ${GATEWAY_KEYSTORE}\nkeystore.password = ${password}\n`,
    0o600,
  );
  return E.right(undefined);
};
