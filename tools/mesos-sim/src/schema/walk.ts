import protobuf from 'protobufjs';

const INT32 = new Set(['int32', 'sint32', 'sfixed32']);
const UINT32 = new Set(['uint32', 'fixed32']);
const INT64 = new Set(['int64', 'sint64', 'sfixed64']);
const UINT64 = new Set(['uint64', 'fixed64']);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const INT_STRING = /^-?\d+$/;

const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks one scalar value against a proto scalar type, Mesos JSON rules (stout protobuf.hpp). */
const checkScalar = (type: string, v: unknown, path: string): string[] => {
  const bad = [`${path}: expected ${type}, got ${show(v)}`];
  switch (type) {
    case 'string':
      return typeof v === 'string' ? [] : bad;
    case 'bool':
      return typeof v === 'boolean' ? [] : bad;
    case 'bytes':
      return typeof v === 'string' && BASE64.test(v)
        ? []
        : [`${path}: expected base64 bytes, got ${show(v)}`];
    case 'double':
    case 'float':
      if (typeof v === 'number') return Number.isFinite(v) ? [] : bad;
      return v === 'Infinity' || v === '-Infinity' ? [] : bad;
  }
  let n: number;
  if (typeof v === 'number') n = v;
  else if ((INT64.has(type) || UINT64.has(type)) && typeof v === 'string' && INT_STRING.test(v))
    n = Number(v);
  else return bad;
  if (!Number.isInteger(n)) return bad;
  if (INT32.has(type) && (n < -2147483648 || n > 2147483647)) return bad;
  if (UINT32.has(type) && (n < 0 || n > 4294967295)) return bad;
  if (UINT64.has(type) && n < 0) return bad;
  if (INT32.has(type) || UINT32.has(type) || INT64.has(type) || UINT64.has(type)) return [];
  return [`${path}: unsupported scalar type ${type}`];
};

const checkValue = (field: protobuf.Field, v: unknown, path: string): string[] => {
  const rt = field.resolvedType;
  if (rt instanceof protobuf.Enum) {
    if (typeof v !== 'string')
      return [`${path}: expected an enum name of ${rt.name}, got ${show(v)}`];
    return Object.prototype.hasOwnProperty.call(rt.values, v)
      ? []
      : [`${path}: unknown ${rt.name} value ${show(v)}`];
  }
  if (rt instanceof protobuf.Type) return walkType(rt, v, path);
  return checkScalar(field.type, v, path);
};

const checkField = (field: protobuf.Field, v: unknown, path: string): string[] => {
  if (field instanceof protobuf.MapField) {
    if (!isObject(v))
      return [`${path}: expected an object (map<${field.keyType}, ${field.type}>), got ${show(v)}`];
    return Object.entries(v).flatMap(([k, item]) => {
      const keyProblems =
        field.keyType === 'string' || field.keyType === 'bool'
          ? []
          : checkScalar(field.keyType, INT_STRING.test(k) ? Number(k) : k, `${path} key`);
      return [...keyProblems, ...checkValue(field, item, `${path}.${k}`)];
    });
  }
  if (field.repeated) {
    if (!Array.isArray(v))
      return [`${path}: expected an array (repeated ${field.type}), got ${show(v)}`];
    return v.flatMap((item, i) => checkValue(field, item, `${path}[${i}]`));
  }
  return checkValue(field, v, path);
};

/**
 * Walks `json` as the message type `type`: flags unknown keys, wrong shapes, bad enum names,
 * non-base64 bytes, wrong scalar types, missing `required` fields and two members of a oneof.
 * `null` means unset, as in Mesos.
 */
export const walkType = (type: protobuf.Type, json: unknown, path: string): string[] => {
  if (!isObject(json))
    return [`${path}: expected an object (${type.fullName.slice(1)}), got ${show(json)}`];
  const problems: string[] = [];
  for (const [key, v] of Object.entries(json)) {
    const field = type.fields[key];
    if (field === undefined)
      problems.push(`${path}: unknown key ${show(key)} in ${type.fullName.slice(1)}`);
    else if (v !== null) problems.push(...checkField(field, v, `${path}.${key}`));
  }
  for (const field of type.fieldsArray) {
    if (field.required && (json[field.name] === undefined || json[field.name] === null))
      problems.push(
        `${path}: missing required field ${show(field.name)} of ${type.fullName.slice(1)}`,
      );
  }
  for (const oneof of type.oneofsArray) {
    const set = oneof.oneof.filter((n) => json[n] !== undefined && json[n] !== null);
    if (set.length > 1)
      problems.push(`${path}: oneof ${oneof.name} has several members set: ${set.join(', ')}`);
  }
  return problems;
};
