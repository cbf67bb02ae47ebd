/**
 * Certificate pinning for the gateway. The ScaleIO gateway serves a self-signed certificate that
 * its package makes at install (`CN=localhost.localdomain, OU=ASD, O=EMC`, kept in the Tomcat
 * keystore `/opt/emc/scaleio/gateway/conf/certificates/.keystore`: the gateway RPM's install
 * output), which no CA signed and whose name matches no address: neither chain nor hostname
 * verification can accept it. Pinning trusts exactly one certificate, by the SHA-256 of its DER
 * bytes, instead of the CA chain and the name.
 *
 * The check runs in the agent's `createConnection`, after the TLS handshake and before the socket
 * is handed to the HTTP request: nothing (no `Authorization` header, no body) is written to a
 * peer whose certificate is not the pinned one. Sessions are never resumed, so every connection
 * shows its certificate.
 */
import { X509Certificate } from 'node:crypto';
import { Agent, type AgentOptions } from 'node:https';
import type { ClientRequestArgs } from 'node:http';
import type { Duplex } from 'node:stream';
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';

/** The error code of a connection refused because the peer's certificate is not the pinned one. */
export const PIN_MISMATCH = 'ERR_CERT_PIN_MISMATCH';

/**
 * A SHA-256 fingerprint in the one form used here: 32 upper-case hex byte pairs joined by `:`
 * (as `openssl x509 -fingerprint -sha256` and `keytool -list -v` print it). Accepts that form, or
 * 64 hex digits with or without `:` separators, in either case; anything else is `undefined`.
 */
export const normalizeFingerprint = (text: string): string | undefined => {
  const hex = text.trim().replace(/^sha-?256[:=\s]*/i, '');
  const bare = hex.includes(':') ? hex.split(':').join('') : hex;
  if (!/^[0-9a-fA-F]{64}$/.test(bare)) return undefined;
  if (hex.includes(':') && !/^([0-9a-fA-F]{2}:){31}[0-9a-fA-F]{2}$/.test(hex)) return undefined;
  return bare.toUpperCase().match(/../g)?.join(':');
};

/** The SHA-256 fingerprint of a certificate (PEM or DER), or `undefined` when it is not one. */
export const fingerprintOf = (cert: string | Buffer): string | undefined => {
  try {
    return new X509Certificate(cert).fingerprint256;
  } catch {
    return undefined;
  }
};

/** A connection refused by the pin: names both fingerprints, never anything secret. */
export class PinMismatch extends Error {
  readonly code = PIN_MISMATCH;
  constructor(
    readonly presented: string,
    readonly pinned: string,
  ) {
    super(
      `the gateway presented a certificate with SHA-256 ${presented}, not the pinned ${pinned}; nothing was sent to it`,
    );
  }
}

type Callback = (err: Error | null, stream: Duplex) => void;

/**
 * An https agent that accepts exactly the certificate whose SHA-256 fingerprint is `pin`
 * (normalized with {@link normalizeFingerprint}; the caller checks it). Chain and name are not
 * verified: the pin replaces both.
 */
export class PinnedAgent extends Agent {
  constructor(
    readonly pin: string,
    options: AgentOptions = {},
  ) {
    super({ ...options, maxCachedSessions: 0 });
  }

  override createConnection(options: ClientRequestArgs, callback?: Callback): undefined {
    const socket: TLSSocket = connect({
      ...(options as ConnectionOptions),
      rejectUnauthorized: false,
      // Chain and name are replaced by the pin; a resumed session would skip the certificate.
      session: undefined,
    });
    const done = (err: Error | null) => {
      socket.removeListener('error', onError);
      if (err === null) callback?.(null, socket);
      else {
        socket.destroy();
        callback?.(err, socket);
      }
    };
    const onError = (e: Error) => done(e);
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      const presented = socket.getPeerX509Certificate()?.fingerprint256 ?? '(none)';
      done(presented === this.pin ? null : new PinMismatch(presented, this.pin));
    });
    return undefined;
  }
}
