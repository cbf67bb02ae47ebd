/**
 * The dry-run renderer: the exact commands, environment, downloads and files of a plan, as a
 * person reads them. Secrets appear as `<secret:name>`.
 */
import { isLeft, right, type Either } from 'fp-ts/lib/Either.js';
import { serviceCommand } from './commands.js';
import type { InvalidInput } from './errors.js';
import { showCommandLine } from './local-host.js';
import type { Action, Plan } from './plan.js';
import type { SupportedOs } from './os.js';
import { redact, secret, showText } from './secret.js';
import { buildPlan, type PlanSecrets, type InstallSpec } from './spec.js';

const indent = (text: string, by: string): string =>
  text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => `${by}${l}`)
    .join('\n');

/** One action as text lines. */
export const renderAction = (a: Action): string => {
  switch (a.kind) {
    case 'run':
      return `$ ${showCommandLine(a)}${a.stdin === undefined ? '' : ` <<< ${JSON.stringify(showText(a.stdin))}`}${a.expect === undefined ? '' : `    # expect /${a.expect.source}/`}`;
    case 'write':
      return `write ${a.path} (mode ${a.mode.toString(8).padStart(4, '0')}):\n${indent(showText(a.content), '  | ')}`;
    case 'edit':
      return `edit ${a.path} (mode ${a.mode.toString(8).padStart(4, '0')}): ${a.summary}`;
    case 'download':
      return `download ${a.url} -> ${a.dest}${a.sha256 === undefined ? '' : ` (sha256 ${a.sha256})`}${a.mode === undefined ? '' : ` (mode ${a.mode.toString(8).padStart(4, '0')})`}${a.ca === undefined ? '' : ' (server certificate checked against the configured CA)'}`;
    case 'verify':
      return `$ sha256sum ${a.path}    # must be ${a.sha256}, else the file is removed and the step fails`;
    case 'remove':
      return `remove ${a.path}`;
    case 'service':
      return `$ ${serviceCommand(a.init, a.action, a.name, a.format).argv.join(' ')}`;
    case 'custom':
      return [`# ${a.summary}`, ...a.lines].join('\n');
  }
};

/** The whole plan as text: components, steps (id, description, what check looks at) and actions. */
export const renderPlan = (plan: Plan): string => {
  const out: string[] = [`Plan ${plan.id}: ${plan.title}`];
  for (const c of plan.components) {
    out.push('', `== ${c.name} ==`);
    if (c.steps.length === 0) out.push('  (nothing to do on this platform)');
    for (const s of c.steps) {
      out.push(`[${s.id}] ${s.description}`);
      for (const c of s.checks ?? []) out.push(`    check: ${c}`);
      for (const a of s.actions) out.push(indent(renderAction(a), '    '));
    }
  }
  return redact(`${out.join('\n')}\n`, plan.secrets);
};

/**
 * Dry run without a node: the plan of `specs` for `os`, rendered. When no password is given a
 * stand-in is used (its value is never shown anyway).
 */
export const renderSpecs = (
  specs: InstallSpec | readonly InstallSpec[],
  os: SupportedOs,
  secrets: PlanSecrets = { adminPassword: secret('adminPassword', '') },
): Either<InvalidInput, string> => {
  const plan = buildPlan(specs, os, secrets);
  return isLeft(plan) ? plan : right(renderPlan(plan.right));
};
