/**
 * The certificate the ScaleIO gateway serves, read on its node: the gateway is Tomcat, whose
 * keystore is named by `keystore.file` and opened with `keystore.password` in
 * `/opt/emc/scaleio/gateway/conf/catalina.properties` (the two keys vchrisb/docker-scaleio-gw
 * `docker-entrypoint.sh` rewrites to replace the certificate); the package's install makes a
 * self-signed one there with keytool (`/opt/emc/scaleio/gateway/conf/certificates/.keystore`,
 * "certificate subject: CN=localhost.localdomain, OU=ASD, O=EMC…", captured install output).
 * The keystore is JKS, so it is read through the JRE's `keytool -list -rfc`, with the store
 * password in the environment (`-storepass:env`), never on the command line.
 *
 * The scheduler pins the SHA-256 fingerprint reported here for every later gateway call.
 */
import { X509Certificate } from 'node:crypto';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { badOutput, type HostError } from '../errors.js';
import type { Host } from '../host.js';
import { secret } from '../secret.js';
import { readKeyValues } from './common.js';

/** Tomcat's settings file of the gateway. */
export const GATEWAY_CATALINA = '/opt/emc/scaleio/gateway/conf/catalina.properties';

/** The environment variable the keystore password travels in to keytool. */
const PASS_ENV = 'SCALEIO_GATEWAY_KEYSTORE_PASSWORD';

/** The gateway's certificate: PEM (public), and the SHA-256 fingerprint of its DER bytes. */
export interface GatewayCertificate {
  readonly pem: string;
  /** `AB:CD:…`: 32 upper-case hex pairs, as `openssl x509 -fingerprint -sha256` prints it. */
  readonly sha256: string;
}

/** The first certificate (PEM) of `keytool -list -rfc` output, with its fingerprint. */
export const firstCertificate = (listing: string): GatewayCertificate | undefined => {
  const m = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(listing);
  if (m === null) return undefined;
  try {
    const cert = new X509Certificate(m[0]);
    return { pem: `${m[0]}\n`, sha256: cert.fingerprint256 };
  } catch {
    return undefined;
  }
};

/**
 * Reads the certificate the gateway on `host` serves. `Right(undefined)`: the keystore holds no
 * certificate. A missing settings file, keystore or keytool is a `Left` naming it.
 */
export const readGatewayCertificate = async (
  host: Host,
): Promise<Either<HostError, GatewayCertificate | undefined>> => {
  const props = await host.readFile(GATEWAY_CATALINA);
  if (isLeft(props)) return props;
  if (props.right === undefined)
    return left(badOutput('gateway certificate', `${GATEWAY_CATALINA} is missing`));
  const kv = readKeyValues(props.right);
  const file = kv['keystore.file'];
  if (file === undefined || file === '')
    return left(badOutput('gateway certificate', `no keystore.file in ${GATEWAY_CATALINA}`));
  const r = await host.run({
    argv: ['keytool', '-list', '-rfc', '-keystore', file, '-storepass:env', PASS_ENV],
    env: { [PASS_ENV]: secret('gateway-keystore-password', kv['keystore.password'] ?? '') },
  });
  if (isLeft(r)) return r;
  if (r.right.exitCode !== 0)
    return left(
      badOutput(
        r.right.commandLine,
        `keytool exited ${r.right.exitCode}: ${(r.right.stderr || r.right.stdout).trim().slice(0, 300)}`,
      ),
    );
  return right(firstCertificate(r.right.stdout));
};
