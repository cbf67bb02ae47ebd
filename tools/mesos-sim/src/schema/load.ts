import { existsSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { defaultProtoDir } from './locate.js';

/** The schema files loaded, relative to the proto include root. */
export const PROTO_FILES = [
  'mesos/v1/mesos.proto',
  'mesos/v1/scheduler/scheduler.proto',
  'mesos/v1/executor/executor.proto',
] as const;

/** Result of loading the official Mesos schema. */
export type SchemaLoad =
  | { readonly _tag: 'Loaded'; readonly root: protobuf.Root; readonly dir: string }
  | { readonly _tag: 'SchemaNotFound'; readonly dir: string }
  | { readonly _tag: 'SchemaInvalid'; readonly dir: string; readonly message: string };

/** Loads the three Mesos v1 proto files from `dir` with snake_case field names kept. */
export const loadSchema = (dir: string): SchemaLoad => {
  if (!PROTO_FILES.every((f) => existsSync(join(dir, f)))) return { _tag: 'SchemaNotFound', dir };
  try {
    const root = new protobuf.Root();
    root.resolvePath = (_origin: string, target: string) => join(dir, target);
    root.loadSync([...PROTO_FILES], { keepCase: true });
    root.resolveAll();
    return { _tag: 'Loaded', root, dir };
  } catch (e) {
    return { _tag: 'SchemaInvalid', dir, message: e instanceof Error ? e.message : String(e) };
  }
};

let cached: SchemaLoad | undefined;

/** The schema from the default location (see `defaultProtoDir`), loaded once per process. */
export const defaultSchema = (): SchemaLoad => {
  cached ??= loadSchema(defaultProtoDir());
  return cached;
};
