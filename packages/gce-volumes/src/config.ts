/**
 * Configuration of the GCE provider, decoded with io-ts at the edge; errors name the bad fields,
 * never their values. Credentials are never configuration: the client takes them from Application
 * Default Credentials (`GOOGLE_APPLICATION_CREDENTIALS`, gcloud's ADC file, or on Compute Engine
 * the metadata server — whose address `GCE_METADATA_HOST` overrides).
 */
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

/** Codec of the provider's options (all optional). */
export const GceVolumesConfig = t.partial({
  /** The project; default: the credentials' project (on GCE, the metadata server's). */
  project: t.string,
  /**
   * The API endpoint as a URL (`https://compute.googleapis.com`, a Private Service Connect
   * endpoint, or gce-sim's `http://127.0.0.1:<port>`): given to the client as its documented
   * `apiEndpoint`, `port` and `protocol` options.
   */
  endpoint: t.string,
  /** Bound on waiting for one operation to be DONE (default 300 000 ms). */
  operationTimeoutMs: t.number,
  /** Longest pause between operation polls (default 2000 ms). */
  pollMaxIntervalMs: t.number,
  /** Attempts of one call on rate limits, 5xx and network errors (default 6). */
  maxAttempts: t.number,
  /** Timeout of one HTTP call (default 30 000 ms). */
  callTimeoutMs: t.number,
});
/** The provider's options. */
export type GceVolumesConfig = t.TypeOf<typeof GceVolumesConfig>;

/** Decodes options; the error lists the bad field names. */
export const decodeGceVolumesConfig = (u: unknown): Either<string, GceVolumesConfig> => {
  const r = t.exact(GceVolumesConfig).decode(u);
  if (isLeft(r))
    return left(
      `invalid GCE provider options: ${[
        ...new Set(
          r.left.map((e) =>
            e.context
              .map((c) => c.key)
              .filter((k) => k !== '')
              .join('.'),
          ),
        ),
      ].join(', ')}`,
    );
  return right(r.right);
};

/** The client options for an endpoint URL (the REST transport, `fallback: true`, always). */
export const clientOptionsOf = (
  c: GceVolumesConfig,
): { fallback: true; apiEndpoint?: string; port?: number; protocol?: string } => {
  if (c.endpoint === undefined || c.endpoint === '') return { fallback: true };
  const u = new URL(c.endpoint);
  const protocol = u.protocol.replace(':', '');
  return {
    fallback: true,
    apiEndpoint: u.hostname,
    port: u.port === '' ? (protocol === 'http' ? 80 : 443) : Number(u.port),
    protocol,
  };
};

/** The options as one line for logs: no secret can be in it (none is configured here). */
export const describeGceConfig = (c: GceVolumesConfig): string =>
  `project=${c.project ?? '(from credentials)'} endpoint=${c.endpoint ?? '(default)'} credentials=application-default`;
