/**
 * The EC2 Query protocol's response side: lowerCamel element names, lists as `<xSet><item>`,
 * ISO-8601 timestamps, and the `<Response><Errors>…` error envelope.
 */

/** A value of an XML element: text, a boolean/number/date, children, or absent (omitted). */
export type XValue = string | number | boolean | Date | readonly XNode[] | null | undefined;
/** One element: its name and value. */
export type XNode = readonly [name: string, value: XValue];

/** The namespace real EC2 answers with. */
export const ec2Namespace = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** Escapes text for an XML element body. */
export const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const text = (v: string | number | boolean | Date): string =>
  v instanceof Date ? v.toISOString() : escapeXml(String(v));

/** Renders nodes; `undefined` values are omitted, `null` renders an empty element. */
export const render = (nodes: readonly XNode[]): string =>
  nodes
    .map(([name, v]) => {
      if (v === undefined) return '';
      if (v === null) return `<${name}/>`;
      if (Array.isArray(v)) return `<${name}>${render(v as readonly XNode[])}</${name}>`;
      return `<${name}>${text(v as string | number | boolean | Date)}</${name}>`;
    })
    .join('');

/** A list as EC2 writes it: `<name><item>…</item>…</name>`. */
export const itemSet = (name: string, items: ReadonlyArray<readonly XNode[]>): XNode => [
  name,
  items.map((i): XNode => ['item', i]),
];

/** The tags as `<tagSet>`. */
export const tagSet = (tags: ReadonlyArray<{ key: string; value: string }>): XNode =>
  itemSet(
    'tagSet',
    tags.map((t) => [
      ['key', t.key],
      ['value', t.value],
    ]),
  );

/** A success body: `<{Action}Response xmlns=…><requestId>…</requestId>…</{Action}Response>`. */
export const successXml = (action: string, requestId: string, body: readonly XNode[]): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${ec2Namespace}">` +
  render([['requestId', requestId], ...body]) +
  `</${action}Response>`;

/** The error envelope EC2 uses for every failed action. */
export const errorXml = (code: string, message: string, requestId: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(code)}</Code>` +
  `<Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${escapeXml(requestId)}</RequestID></Response>`;
