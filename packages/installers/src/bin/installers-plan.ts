#!/usr/bin/env node
/**
 * `installers-plan`: prints the dry run of step specs for an OS.
 *
 *   installers-plan (--os <id>:<version> | --os-release <file>) <spec.json>
 *   installers-plan --help | --version
 *
 * `spec.json` holds one step spec or an array of them. Exit 0 with the rendering; exit 2 with a
 * one-line message on bad input.
 */
import { readFileSync } from 'node:fs';
import { main } from '../cli.js';

const pkg = new URL('../../package.json', import.meta.url);
const { version } = JSON.parse(readFileSync(pkg, 'utf8')) as { version: string };
const r = main(process.argv.slice(2), (p) => readFileSync(p, 'utf8'), version);
(r.code === 0 ? process.stdout : process.stderr).write(r.output);
process.exitCode = r.code;
