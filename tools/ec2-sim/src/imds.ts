/**
 * IMDSv2 for each simulated instance, served under `/imds/<instanceId>`: `PUT /latest/api/token`
 * with `X-aws-ec2-metadata-token-ttl-seconds` (1..21600) issues a token; every GET needs it in
 * `X-aws-ec2-metadata-token`, otherwise 401 (IMDSv1 is disabled, as on hardened AMIs).
 */
import { randomBytes } from 'node:crypto';
import type { SimState } from './model.js';

/** A plain-text or JSON answer of the metadata service. */
export interface ImdsAnswer {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
}

const text = (status: number, body: string): ImdsAnswer => ({
  status,
  body,
  contentType: 'text/plain',
});

/** Answers one IMDS request for `instanceId` at sim time `now`. */
export const handleImds = (
  s: SimState,
  now: number,
  instanceId: string,
  method: string,
  path: string,
  header: (name: string) => string | undefined,
): ImdsAnswer => {
  const inst = s.instances.get(instanceId);
  if (inst === undefined) return text(404, 'Not Found');
  if (path === '/latest/api/token') {
    if (method !== 'PUT') return text(405, 'Method Not Allowed');
    if (header('x-forwarded-for') !== undefined) return text(403, 'Forbidden');
    const ttl = Number(header('x-aws-ec2-metadata-token-ttl-seconds'));
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > 21600) return text(400, 'Bad Request');
    const token = randomBytes(24).toString('base64url');
    s.imdsTokens.set(token, { instanceId, expires: now + ttl * 1000 });
    return text(200, token);
  }
  if (method !== 'GET') return text(405, 'Method Not Allowed');
  const tok = s.imdsTokens.get(header('x-aws-ec2-metadata-token') ?? '');
  if (tok === undefined || tok.instanceId !== instanceId || tok.expires <= now)
    return text(401, 'Unauthorized');
  const region = inst.availabilityZone.replace(/[a-z]$/, '');
  const meta: Record<string, string> = {
    '/latest/meta-data/instance-id': inst.instanceId,
    '/latest/meta-data/instance-type': inst.instanceType,
    '/latest/meta-data/placement/availability-zone': inst.availabilityZone,
    '/latest/meta-data/placement/region': region,
  };
  const m = meta[path];
  if (m !== undefined) return text(200, m);
  if (path === '/latest/dynamic/instance-identity/document')
    return {
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify(
        {
          accountId: s.accountId,
          architecture: 'x86_64',
          availabilityZone: inst.availabilityZone,
          imageId: 'ami-0ec2515700000000',
          instanceId: inst.instanceId,
          instanceType: inst.instanceType,
          pendingTime: new Date(inst.launchTime).toISOString(),
          privateIp: '10.0.0.1',
          region,
          version: '2017-09-30',
        },
        null,
        2,
      ),
    };
  return text(404, 'Not Found');
};
