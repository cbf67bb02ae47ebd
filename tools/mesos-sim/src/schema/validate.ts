import protobuf from 'protobufjs';
import { prerequisite, type Prerequisite } from '@scaleio-framework/testkit';
import { defaultSchema, type SchemaLoad } from './load.js';
import { defaultProtoDir } from './locate.js';
import { walkType } from './walk.js';

/** The first problem reported when the schema files are absent: tests turn it into a skip. */
export const SCHEMA_NOT_FOUND = 'schema not found';

/**
 * Why schema checks cannot run here (one line, for a test to print as its skip message),
 * or `undefined` when the official schema is available.
 */
export const schemaSkipReason = (schema: SchemaLoad = defaultSchema()): string | undefined => {
  switch (schema._tag) {
    case 'Loaded':
      return undefined;
    case 'SchemaNotFound':
      return `${SCHEMA_NOT_FOUND}: ${schema.dir} is absent; schema check skipped`;
    case 'SchemaInvalid':
      return `schema invalid at ${schema.dir}: ${schema.message}`;
  }
};

/**
 * The official schema as a test prerequisite (testkit `requirePrereq`): tests that validate
 * against it are skipped without it, and fail the run under CI=true.
 */
export const schemaPrerequisite = (schema: SchemaLoad = defaultSchema()): Prerequisite =>
  prerequisite(defaultProtoDir(), () => schemaSkipReason(schema));

/**
 * Strictly validates Mesos JSON against a message type of the official schema, by its
 * fully-qualified name (e.g. `mesos.v1.scheduler.Call`). Returns the problems found (unknown
 * keys, bad enum names, missing required fields, wrong scalar types, non-base64 bytes); an empty
 * list means valid. When the schema is absent the only problem starts with `SCHEMA_NOT_FOUND`.
 */
export const validateMessage = (
  typeName: string,
  json: unknown,
  schema: SchemaLoad = defaultSchema(),
): string[] => {
  if (schema._tag !== 'Loaded') return [schemaSkipReason(schema) ?? SCHEMA_NOT_FOUND];
  let type: protobuf.Type;
  try {
    type = schema.root.lookupType(typeName);
  } catch (_e) {
    return [`unknown message type ${typeName}`];
  }
  return walkType(type, json, '$');
};
