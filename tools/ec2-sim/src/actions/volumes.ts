/** CreateVolume, DescribeVolumes, DeleteVolume. */
import { filters, int, list, bool, tagSpecifications, type Params } from '../query.js';
import { matches, unknownVolumeFilter, volumeField } from '../filters.js';
import { newId, type VolumeRec } from '../model.js';
import { dryRun, fail, missing, ok, type Handler } from '../result.js';
import { itemSet } from '../xml.js';
import { volumeNodes } from '../render.js';

const sizeRange: Readonly<Record<string, readonly [number, number]>> = {
  gp2: [1, 16384],
  gp3: [1, 65536],
  io1: [4, 16384],
  io2: [4, 65536],
  st1: [125, 16384],
  sc1: [125, 16384],
  standard: [1, 1024],
};

const iopsRange: Readonly<Record<string, readonly [number, number]>> = {
  gp3: [3000, 80000],
  io1: [100, 64000],
  io2: [100, 256000],
};

/** The parameters that make two CreateVolume calls "the same" for client-token purposes. */
const fingerprint = (p: Params): string =>
  JSON.stringify(
    [...p.entries()]
      .filter(([k]) => !['Action', 'Version', 'ClientToken', 'DryRun'].includes(k))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );

/** Validates CreateVolume's size/type/performance/encryption parameters; an error message or undefined. */
const validateSpec = (
  type: string,
  size: number,
  iops: number | undefined,
  throughput: number | undefined,
): { code: string; message: string } | undefined => {
  const range = sizeRange[type];
  if (range === undefined)
    return {
      code: 'InvalidParameterValue',
      message: `Value (${type}) for parameter volumeType is invalid.`,
    };
  if (!Number.isInteger(size) || size < range[0] || size > range[1])
    return {
      code: 'InvalidParameterValue',
      message: `Volume of ${size}GiB is outside the range ${range[0]}-${range[1]}GiB for volume type ${type}.`,
    };
  const ir = iopsRange[type];
  if (iops !== undefined) {
    if (ir === undefined)
      return {
        code: 'InvalidParameterCombination',
        message: `The parameter iops is not supported for ${type} volumes.`,
      };
    if (!Number.isInteger(iops) || iops < ir[0])
      return {
        code: 'InvalidParameterValue',
        message: `Volume iops of ${iops} is too low; minimum is ${ir[0]}.`,
      };
    if (iops > ir[1])
      return {
        code: 'InvalidParameterValue',
        message: `Volume iops of ${iops} is too high; maximum is ${ir[1]}.`,
      };
    if (type === 'gp3' && iops > 3000 && iops > size * 500)
      return {
        code: 'InvalidParameterValue',
        message: `Iops to volume size ratio of ${iops / size} is too high; maximum is 500.`,
      };
  } else if (type === 'io1' || type === 'io2')
    return { code: 'MissingParameter', message: 'The request must contain the parameter iops' };
  if (throughput !== undefined) {
    if (type !== 'gp3')
      return {
        code: 'InvalidParameterCombination',
        message: `The parameter throughput is not supported for ${type} volumes.`,
      };
    if (!Number.isInteger(throughput) || throughput < 125 || throughput > 2000)
      return {
        code: 'InvalidParameterValue',
        message: `Throughput of ${throughput}MiB/s is outside the range 125-2000MiB/s.`,
      };
    if (throughput > (iops ?? 3000) / 4)
      return {
        code: 'InvalidParameterValue',
        message: `Throughput (MiBps) to iops ratio of ${throughput / (iops ?? 3000)} is too high; maximum is 0.25 MiBps per iops.`,
      };
  }
  return undefined;
};

/** Zones of the region: those of the instances plus `<region>a..c`. */
const zonesOf = (ctx: Parameters<Handler>[0]): Set<string> =>
  new Set([
    ...[...ctx.state.instances.values()].map((i) => i.availabilityZone),
    ...['a', 'b', 'c'].map((l) => `${ctx.state.region}${l}`),
  ]);

/** CreateVolume: `creating` for `timings.createMs`, then `available` (or `error`). */
export const createVolume: Handler = (ctx, p) => {
  const s = ctx.state;
  const az = p.get('AvailabilityZone');
  if (az === undefined) return missing('AvailabilityZone');
  if (!zonesOf(ctx).has(az))
    return fail('InvalidParameterValue', `Invalid availability zone: [${az}]`);
  const type = p.get('VolumeType') ?? 'gp2';
  const size = int(p, 'Size');
  if (size === undefined) return missing('Size');
  const iops = int(p, 'Iops');
  const throughput = int(p, 'Throughput');
  const bad = validateSpec(type, size, iops, throughput);
  if (bad !== undefined) return fail(bad.code, bad.message);
  const encrypted = bool(p, 'Encrypted') ?? false;
  const kms = p.get('KmsKeyId');
  if (kms !== undefined && !encrypted)
    return fail(
      'InvalidParameterDependency',
      'The parameter KmsKeyId requires the parameter Encrypted to be set.',
    );
  const specs = tagSpecifications(p);
  const wrong = specs.find((t) => t.resourceType !== 'volume');
  if (wrong !== undefined)
    return fail(
      'InvalidParameterValue',
      `'${wrong.resourceType}' is not a valid taggable resource type for this operation.`,
    );
  if (bool(p, 'DryRun') === true) return dryRun();
  const token = p.get('ClientToken');
  const fp = fingerprint(p);
  if (token !== undefined) {
    if (token.length > 64)
      return fail('InvalidParameterValue', 'Client token must be at most 64 characters.');
    const seen = s.tokens.get(token);
    if (seen !== undefined) {
      if (seen.fingerprint !== fp)
        return fail(
          'IdempotentParameterMismatch',
          `The client token '${token}' was already used with different parameters.`,
        );
      const v = s.volumes.get(seen.volumeId) ?? s.gone.get(seen.volumeId);
      if (v !== undefined) return ok(volumeNodes(v, false));
    }
  }
  const v: VolumeRec = {
    volumeId: newId('vol'),
    availabilityZone: az,
    sizeGiB: size,
    volumeType: type,
    iops:
      iops ??
      (type === 'gp3'
        ? 3000
        : type === 'gp2'
          ? Math.min(16000, Math.max(100, size * 3))
          : undefined),
    throughput: throughput ?? (type === 'gp3' ? 125 : undefined),
    encrypted,
    kmsKeyId: encrypted
      ? (kms ?? `arn:aws:kms:${s.region}:${s.accountId}:key/aws-ebs-default`)
      : undefined,
    tags: new Map(specs.flatMap((t) => t.tags.map((x) => [x.key, x.value] as const))),
    createTime: ctx.now,
    state: 'creating',
    until: ctx.now + s.timings.createMs,
    failsAsync: kms !== undefined && s.failingKmsKeys.has(kms),
    attachment: undefined,
  };
  s.volumes.set(v.volumeId, v);
  if (token !== undefined) s.tokens.set(token, { fingerprint: fp, volumeId: v.volumeId });
  return ok(volumeNodes(v, false));
};

const pageToken = (offset: number): string => Buffer.from(`o:${offset}`).toString('base64');
const pageOffset = (tok: string): number | undefined => {
  const m = /^o:(\d+)$/.exec(Buffer.from(tok, 'base64').toString());
  return m?.[1] === undefined ? undefined : Number(m[1]);
};

/** DescribeVolumes: by id (unknown ids fail), by filters, paginated by MaxResults/NextToken. */
export const describeVolumes: Handler = (ctx, p) => {
  const s = ctx.state;
  const ids = list(p, 'VolumeId');
  const fs = filters(p);
  const bad = unknownVolumeFilter(fs);
  if (bad !== undefined) return fail('InvalidParameterValue', `The filter '${bad}' is invalid`);
  const max = int(p, 'MaxResults');
  if (max !== undefined && ids.length > 0)
    return fail(
      'InvalidParameterCombination',
      'The parameter volumeSet cannot be used with the parameter maxResults',
    );
  if (max !== undefined && (Number.isNaN(max) || max < 5 || max > 500))
    return fail(
      'InvalidParameterValue',
      `Value ( ${max} ) for parameter maxResults is invalid. Expecting a value between 5 and 500.`,
    );
  const missingId = ids.find((id) => !s.volumes.has(id));
  if (missingId !== undefined)
    return fail('InvalidVolume.NotFound', `The volume '${missingId}' does not exist.`);
  const pool =
    ids.length > 0 ? ids.map((id) => s.volumes.get(id) as VolumeRec) : [...s.volumes.values()];
  const hits = pool.filter((v) => matches(fs, volumeField, v));
  const tok = p.get('NextToken');
  const start = tok === undefined ? 0 : pageOffset(tok);
  if (start === undefined) return fail('InvalidParameterValue', 'The token is invalid.');
  const end = max === undefined ? hits.length : Math.min(hits.length, start + max);
  return ok([
    itemSet(
      'volumeSet',
      hits.slice(start, end).map((v) => volumeNodes(v, true)),
    ),
    ['nextToken', end < hits.length ? pageToken(end) : undefined],
  ]);
};

/** DeleteVolume: only an unattached volume; `deleting` for `timings.deleteMs`, then gone. */
export const deleteVolume: Handler = (ctx, p) => {
  const id = p.get('VolumeId');
  if (id === undefined) return missing('VolumeId');
  const v = ctx.state.volumes.get(id);
  if (v === undefined) return fail('InvalidVolume.NotFound', `The volume '${id}' does not exist.`);
  if (v.attachment !== undefined)
    return fail('VolumeInUse', `Volume ${id} is currently attached to ${v.attachment.instanceId}`);
  if (v.state === 'creating') return fail('IncorrectState', `The volume '${id}' is 'creating'.`);
  if (bool(p, 'DryRun') === true) return dryRun();
  if (v.state !== 'deleting') {
    v.state = 'deleting';
    v.until = ctx.now + ctx.state.timings.deleteMs;
  }
  return ok([['return', true]]);
};
