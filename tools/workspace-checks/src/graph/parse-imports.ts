/**
 * Finds the module references of one source file with the TypeScript parser, so that comments,
 * strings and template literals that merely contain `import` or `require` never count.
 *
 * @module
 */
import ts from 'typescript';
import type { ImportKind, ImportRef } from './types.js';

const scriptKind = (fileName: string): ts.ScriptKind => {
  if (/\.[cm]?js$/.test(fileName)) return ts.ScriptKind.JS;
  if (fileName.endsWith('.tsx')) return ts.ScriptKind.TSX;
  return ts.ScriptKind.TS;
};

/** The string literal value of `node`, when it is a plain string (no substitutions). */
const literal = (node: ts.Node | undefined): ts.StringLiteralLike | undefined =>
  node !== undefined && ts.isStringLiteralLike(node) ? node : undefined;

/** `require('x')` or `createRequire(import.meta.url)('x')`. */
const isRequireCallee = (callee: ts.Expression): boolean =>
  (ts.isIdentifier(callee) && callee.text === 'require') ||
  (ts.isCallExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'createRequire');

/** The kind and specifier node of `node` when it refers to a module, else undefined. */
const moduleReference = (
  node: ts.Node,
): { kind: ImportKind; spec: ts.StringLiteralLike } | undefined => {
  if (ts.isImportDeclaration(node)) {
    const spec = literal(node.moduleSpecifier);
    const kind = node.importClause?.isTypeOnly === true ? 'type' : 'static';
    return spec && { kind, spec };
  }
  if (ts.isExportDeclaration(node)) {
    const spec = literal(node.moduleSpecifier);
    return spec && { kind: node.isTypeOnly ? 'type' : 'static', spec };
  }
  if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
    const spec = literal(node.moduleReference.expression);
    return spec && { kind: node.isTypeOnly ? 'type' : 'static', spec };
  }
  if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
    const spec = literal(node.argument.literal);
    return spec && { kind: 'type', spec };
  }
  if (ts.isCallExpression(node)) {
    const spec = literal(node.arguments[0]);
    if (node.expression.kind === ts.SyntaxKind.ImportKeyword)
      return spec && { kind: 'dynamic', spec };
    if (isRequireCallee(node.expression)) return spec && { kind: 'require', spec };
  }
  return undefined;
};

/**
 * Every module reference in `text`: static imports and re-exports (also multi-line), type-only
 * imports, `import('x')` and `require('x')` with a literal specifier, and `typeof import('x')`.
 * Specifiers built at run time (template literals with substitutions, variables) are not seen.
 *
 * @param text - the file's source text
 * @param fileName - used only to choose TS or JS parsing
 */
export function parseImports(text: string, fileName: string): ImportRef[] {
  const sf = ts.createSourceFile(
    fileName,
    text,
    ts.ScriptTarget.Latest,
    false,
    scriptKind(fileName),
  );
  const found: ImportRef[] = [];
  const visit = (node: ts.Node): void => {
    const ref = moduleReference(node);
    if (ref) {
      const line = sf.getLineAndCharacterOfPosition(ref.spec.getStart(sf)).line + 1;
      found.push({ specifier: ref.spec.text, kind: ref.kind, line });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}
