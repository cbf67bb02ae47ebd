/**
 * The cheapest wrapper: a `bash` script that speaks HTTP/1.0 to node-sim over bash's own
 * `/dev/tcp`, so a tool call starts one process (bash) and nothing else. Its request body is a
 * list of length-prefixed items, `<tag><bytes>:<value>` (tags: `a` an argument, in order; `e` an
 * environment entry `KEY=VALUE`; `c` the working directory; `s` standard input), lengths in
 * bytes (the script counts in the C locale); `p` is the wrapper's pid (which container's memory
 * cgroup the call is charged to, `memory.ts`). The answer is the same shell text the `sh` wrapper
 * evaluates.
 */
import * as E from 'fp-ts/lib/Either.js';
import { SHELL_ANSWER_END, shellQuote } from './shell.js';

/** The content type of a bash wrapper's request. */
export const BASH_CALL_TYPE = 'application/x-node-sim-call';

/**
 * The text of one bash wrapper posting to `url` (`http://127.0.0.1:<port>/<path>`), run by the
 * bash at `bashPath` (absolute: the node's PATH holds only the fake tools).
 */
export const bashWrapperScript = (tool: string, url: string, bashPath: string): string => {
  const u = new URL(url);
  const path = `${u.pathname}?answer=sh`;
  return `#!${bashPath}
# node-sim fake ${tool}: runs in the node simulator at ${url}
lc_set=\${LC_ALL+x} lc_val=\${LC_ALL-}
LC_ALL=C
body=
add() { body+="$1\${#2}:$2"; }
for a in "$@"; do add a "$a"; done
for n in $(compgen -e); do
  if [ "$n" = LC_ALL ]; then
    if [ -n "$lc_set" ]; then add e "LC_ALL=$lc_val"; fi
  else
    add e "$n=\${!n}"
  fi
done
add c "$PWD"
add p "$$"
{ exec 3<>/dev/tcp/${u.hostname}/${u.port}; } 2>/dev/null || {
  printf 'node-sim ${tool}: the simulator is not reachable at %s\\n' ${shellQuote(url)} >&2
  exit 70
}
printf 'POST %s HTTP/1.0\\r\\nHost: ${u.host}\\r\\nContent-Type: ${BASH_CALL_TYPE}\\r\\nContent-Length: %d\\r\\n\\r\\n%s' ${shellQuote(path)} "\${#body}" "$body" >&3
IFS= read -r -d '' r <&3
exec 3<&-
status=\${r%%$'\\r\\n'*}
r=\${r#*$'\\r\\n\\r\\n'}
case $status in
  'HTTP/1.'?' 200 '*) ;;
  *) printf 'node-sim ${tool}: the simulator failed (%s): %.200s\\n' "$status" "$r" >&2; exit 70 ;;
esac
case $r in
  *'${SHELL_ANSWER_END}') eval "$r" ;;
  *) printf 'node-sim ${tool}: bad answer from the simulator: %.200s\\n' "$r" >&2; exit 70 ;;
esac
`;
};

/**
 * Decodes a bash wrapper's request body into the shape `decodeToolRequest` takes, or says
 * where it is malformed.
 */
export const toolRequestFromCall = (body: Buffer): E.Either<string, unknown> => {
  const argv: string[] = [];
  const env: Record<string, string> = {};
  let cwd = '/';
  let stdin = '';
  let pid: number | undefined;
  let i = 0;
  while (i < body.length) {
    const tag = String.fromCharCode(body[i] ?? 0);
    const colon = body.indexOf(0x3a, i + 1);
    const digits = colon < 0 ? '' : body.subarray(i + 1, colon).toString('latin1');
    const len = /^[0-9]+$/.test(digits) ? Number(digits) : NaN;
    if (
      !'aecsp'.includes(tag) ||
      !Number.isInteger(len) ||
      len < 0 ||
      colon + 1 + len > body.length
    )
      return E.left(`malformed call body at byte ${i}`);
    const value = body.subarray(colon + 1, colon + 1 + len).toString('utf8');
    i = colon + 1 + len;
    if (tag === 'a') argv.push(value);
    else if (tag === 'c') cwd = value;
    else if (tag === 's') stdin = value;
    else if (tag === 'p') pid = Number(value);
    else {
      const eq = value.indexOf('=');
      if (eq > 0) env[value.slice(0, eq)] = value.slice(eq + 1);
    }
  }
  return E.right({
    argv,
    env,
    cwd,
    stdin: Buffer.from(stdin, 'utf8').toString('base64'),
    ...(pid === undefined ? {} : { pid }),
  });
};
