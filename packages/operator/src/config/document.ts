/**
 * A configuration file's text to a value (YAML, or JSON for `*.json`), with errors that say where
 * the file is wrong but never quote it: the text may hold a password (a YAML password that starts
 * with `*` is read as an alias, and the yaml library's message names it; V8's JSON messages quote
 * the text around the error).
 *
 * @module
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';

/** The parsed document, or one line saying where and how it is malformed. */
export type DocumentResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/** 1-based line and column of a character offset. */
const lineCol = (text: string, offset: number): string => {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
};

/**
 * Parses `text` as JSON when `path` ends in `.json`, else as YAML (1.2, aliases capped at 100,
 * warnings never printed).
 */
export function parseConfigDocument(path: string, text: string): DocumentResult {
  if (path.endsWith('.json')) {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch (e) {
      const at = /at position (\d+)/.exec(e instanceof Error ? e.message : '')?.[1];
      return {
        ok: false,
        error: `not valid JSON${at === undefined ? '' : ` at ${lineCol(text, Number(at))}`}`,
      };
    }
  }
  try {
    // logLevel 'error': warnings are not printed (the yaml library's print a snippet of the file)
    return { ok: true, value: parseYaml(text, { maxAliasCount: 100, logLevel: 'error' }) };
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const pos = e.linePos?.[0];
      return {
        ok: false,
        error: `not valid YAML (${e.code})${pos ? ` at line ${pos.line}, column ${pos.col}` : ''}`,
      };
    }
    if (e instanceof ReferenceError)
      return {
        ok: false,
        error:
          'not valid YAML: an alias (*name) refers to no anchor; quote a value that starts with * or &',
      };
    return { ok: false, error: 'not valid YAML (too deeply nested, or too many aliases)' };
  }
}

/**
 * A short, safe picture of a value for an error message: strings (cut to 60 characters, a URL's
 * credentials left out) and scalars as they are, containers by kind only — never walked, so a deeply nested value cannot
 * overflow the stack.
 */
export const preview = (v: unknown): string => {
  if (typeof v === 'string') {
    const shown = v.replace(/\/\/[^/@\s]*@/g, '//…@'); // credentials in a URL
    return JSON.stringify(shown.length > 60 ? `${shown.slice(0, 60)}…` : shown);
  }
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'a mapping';
  return typeof v;
};
