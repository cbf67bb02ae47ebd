/** The ONE mapping from this package's {@link Ec2Error} to the capacity contract's ProviderError. */
import { providerError, type ProviderError } from '@scaleio-framework/capacity';
import type { Ec2Error } from './errors.js';

/** Maps an EC2-level error to the provider contract's error, naming `id` where it helps. */
export const toProviderError = (e: Ec2Error, id: string): ProviderError => {
  switch (e._tag) {
    case 'Throttled':
      return providerError.throttled(e.message);
    case 'Unavailable':
    case 'Imds':
      return providerError.unavailable(e.message);
    case 'Unexpected':
      return providerError.unavailable(`unexpected EC2 answer (${e.code}): ${e.message}`);
    case 'NotFound':
      return e.resource === 'instance'
        ? providerError.notFound('node', id)
        : e.resource === 'attachment'
          ? providerError.notFound('attachment', id)
          : e.resource === 'volume'
            ? providerError.notFound('volume', id)
            : providerError.invalidArgument(e.message);
    case 'IdempotencyMismatch':
      return providerError.idempotencyMismatch(id, e.message);
    case 'DeviceInUse':
      return providerError.incorrectState(id, 'device-in-use', e.message);
    case 'AttachmentLimit':
      return providerError.limitExceeded('attachments', e.message);
    case 'Quota':
      return providerError.limitExceeded('quota', e.message);
    case 'ZoneMismatch':
      return {
        _tag: 'ZoneMismatch',
        volumeZone: 'unknown',
        nodeZone: 'unknown',
        message: e.message,
      };
    case 'IncorrectState':
      return providerError.incorrectState(id, e.code, e.message);
    case 'InvalidParameter':
    case 'DryRunOk':
      return providerError.invalidArgument(e.message);
    case 'Unauthorized':
      return providerError.unauthorized(e.message);
    case 'Timeout':
      return providerError.timeout(e.id, e.message);
  }
};
