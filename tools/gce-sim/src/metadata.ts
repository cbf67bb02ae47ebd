/**
 * The metadata server of the VM the scheduler runs on, at `/computeMetadata/v1/…` — what
 * Application Default Credentials use on Compute Engine. Clients reach it through the documented
 * `GCE_METADATA_HOST` override (gcp-metadata `getBaseUrl`). Facts
 * (https://cloud.google.com/compute/docs/metadata/querying-metadata): every request needs the
 * header `Metadata-Flavor: Google` (403 otherwise) and every answer carries it; a request with
 * `X-Forwarded-For` is refused; the default service account's token is
 * `{"access_token", "expires_in", "token_type": "Bearer"}`
 * (https://cloud.google.com/compute/docs/access/authenticate-workloads#applications).
 */
import { randomBytes } from 'node:crypto';
import type { SimState } from './model.js';

/** An answer of the metadata server. */
export interface MetadataAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

const text = (status: number, body: string): MetadataAnswer => ({
  status,
  contentType: 'application/text',
  body,
});

/** Answers one metadata request; `zone` is the zone of the scheduler's VM. */
export const handleMetadata = (
  s: SimState,
  zone: string,
  method: string,
  path: string,
  header: (n: string) => string | undefined,
): MetadataAnswer => {
  if (header('metadata-flavor') !== 'Google')
    return text(403, 'Missing Metadata-Flavor:Google header.');
  if (header('x-forwarded-for') !== undefined) return text(403, 'Request denied.');
  if (method !== 'GET') return text(405, 'Method not allowed.');
  const p = path.replace(/^\/computeMetadata\/v1\/?/, '').replace(/\/$/, '');
  switch (p) {
    case 'instance':
      return text(200, 'attributes/\nhostname\nid\nname\nservice-accounts/\nzone\n');
    case 'instance/zone':
      return text(200, `projects/${s.projectNumber}/zones/${zone}`);
    case 'project/project-id':
      return text(200, s.project);
    case 'project/numeric-project-id':
      return text(200, s.projectNumber);
    case 'instance/service-accounts/default/token': {
      const token = `ya29.sim-${randomBytes(24).toString('base64url')}`;
      s.tokens.add(token);
      return {
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ access_token: token, expires_in: 3599, token_type: 'Bearer' }),
      };
    }
    case 'instance/service-accounts/default/email':
      return text(200, `${s.projectNumber}-compute@developer.gserviceaccount.com`);
    default:
      return text(404, 'Not Found');
  }
};
