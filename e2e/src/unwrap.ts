/** The value of a Right (any fp-ts-shaped Either), or an error naming `what` and the Left. */
export const unwrap = <A>(
  r: { _tag: 'Left'; left: unknown } | { _tag: 'Right'; right: A },
  what: string,
): A => {
  if (r._tag === 'Left') throw new Error(`${what}: ${JSON.stringify(r.left)}`);
  return r.right;
};
