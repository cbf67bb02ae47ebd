/**
 * The `verify` action: the node's own `sha256sum` (GNU coreutils, on every supported OS) digests
 * the downloaded file where it lies, and the digest is compared with the configured one. On a
 * mismatch the file is removed before the step fails, so no later action (dpkg, rpm, install)
 * and no later run finds it.
 */
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { badOutput, type HostError } from './errors.js';
import { requireSuccess, type Host } from './host.js';

/** What a `verify` action needs. */
export interface VerifyRequest {
  readonly path: string;
  /** Expected lowercase hex sha256. */
  readonly sha256: string;
  /** Where the file came from (named in the error). */
  readonly source: string;
}

/**
 * The digest in `sha256sum <path>` output: `<64 hex>  <path>` (a leading `\` when the name has
 * a backslash or newline, coreutils' escaping).
 */
export const parseSha256sumOutput = (stdout: string): string | undefined =>
  /^\\?([0-9a-f]{64})\s/i.exec(stdout)?.[1]?.toLowerCase();

/** Digests the file with `sha256sum`; a mismatch removes it and is a `ChecksumMismatch`. */
export const verifyFile = async (
  host: Host,
  req: VerifyRequest,
): Promise<Either<HostError, void>> => {
  const ran = requireSuccess(await host.run({ argv: ['sha256sum', req.path] }));
  if (isLeft(ran)) return ran;
  const actual = parseSha256sumOutput(ran.right.stdout);
  if (actual === undefined)
    return left(
      badOutput('sha256sum', `no digest in its output: ${ran.right.stdout.slice(0, 120)}`),
    );
  const expected = req.sha256.toLowerCase();
  if (actual === expected) return right(undefined);
  const removed = await host.remove(req.path);
  return left({
    _tag: 'ChecksumMismatch',
    url: req.source,
    expected,
    actual,
    message: `${req.source}: sha256 ${actual} is not the configured ${expected}; the download was ${isLeft(removed) ? `refused (and could not be removed: ${removed.left.message})` : 'removed'} and nothing of it was installed`,
  });
};
