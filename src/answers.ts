// The --answers file: one JSON document, every key optional, flags win over it.
// Unknown keys and wrong types are usage errors (exit 2) that name the key.
import { readFile } from 'node:fs/promises';
import { UsageError, type Flags } from './args.js';
import { hasControl } from './untrusted.js';

export interface ContactAnswer {
  name?: string;
  title?: string;
  email?: string;
  phone?: string;
}

export interface Answers {
  rootEmail?: string;
  contacts?: { security?: ContactAnswer; billing?: ContactAnswer; operations?: ContactAnswer };
  admin?: { userName?: string; accountAlias?: string };
  rootHolders?: string[];
  /** where the root password is kept (lockaway) */
  passwordPlace?: string;
  /** where each root holder's MFA device is kept, in rootHolders order ("" for none) */
  mfaDevices?: string[];
  reminder?: { icsPath?: string | null; start?: string; githubWorkflowPath?: string | null; cron?: boolean };
  /** trail: start or create the CloudTrail trail the alert needs when none logs (default true) */
  alert?: { enabled?: boolean; email?: string; trail?: boolean };
}

type Shape =
  | 'string'
  | 'boolean'
  | 'string|null'
  | 'string[]'
  | { [key: string]: Shape };

const CONTACT: Shape = { name: 'string', title: 'string', email: 'string', phone: 'string' };

const SHAPE: Shape = {
  rootEmail: 'string',
  contacts: { security: CONTACT, billing: CONTACT, operations: CONTACT },
  admin: { userName: 'string', accountAlias: 'string' },
  rootHolders: 'string[]',
  passwordPlace: 'string',
  mfaDevices: 'string[]',
  reminder: { icsPath: 'string|null', start: 'string', githubWorkflowPath: 'string|null', cron: 'boolean' },
  alert: { enabled: 'boolean', email: 'string', trail: 'boolean' },
};

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

/** An answer is sent to AWS and shown on screen: a control character in it is refused, never sent. */
function noControl(value: string, path: string, file: string): void {
  if (hasControl(value)) throw new UsageError(`${file}: "${path}" holds a control character (escape sequences are not allowed)`);
}

function check(value: unknown, shape: Shape, path: string, file: string): void {
  const fail = (want: string) => {
    throw new UsageError(`${file}: "${path}" must be ${want}, not ${typeName(value)}`);
  };
  if (typeof shape === 'string') {
    switch (shape) {
      case 'string':
        if (typeof value !== 'string') fail('a string');
        noControl(value as string, path, file);
        return;
      case 'boolean':
        if (typeof value !== 'boolean') fail('true or false');
        return;
      case 'string|null':
        if (value !== null && typeof value !== 'string') fail('a string or null');
        if (typeof value === 'string') noControl(value, path, file);
        return;
      case 'string[]':
        if (!Array.isArray(value)) fail('an array of strings');
        (value as unknown[]).forEach((item, i) => {
          if (typeof item !== 'string') throw new UsageError(`${file}: "${path}[${i}]" must be a string, not ${typeName(item)}`);
          noControl(item, `${path}[${i}]`, file);
        });
        return;
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('an object');
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    // own keys only: "__proto__" or "constructor" must not reach Object.prototype's
    const childShape = Object.hasOwn(shape as object, key) ? (shape as Record<string, Shape>)[key] : undefined;
    const childPath = path ? `${path}.${key}` : key;
    if (childShape === undefined) {
      const known = Object.keys(shape as Record<string, Shape>).join(', ');
      throw new UsageError(`${file}: unknown key "${childPath}" (allowed here: ${known})`);
    }
    check(child, childShape, childPath, file);
  }
}

/** Validate a parsed document; throws UsageError naming the first bad key. */
export function validateAnswers(doc: unknown, file = 'answers'): Answers {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new UsageError(`${file}: must be one JSON object, not ${typeName(doc)}`);
  }
  check(doc, SHAPE, '', file);
  return doc as Answers;
}

export async function loadAnswersFile(path: string): Promise<Answers> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`--answers ${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? 'error'})`}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--answers ${path}: not valid JSON (${(e as Error).message})`);
  }
  return validateAnswers(doc, path);
}

/** Flags win over the answers file. */
export function mergeFlags(answers: Answers, flags: Flags): Answers {
  const out: Answers = structuredClone(answers);
  if (typeof flags['root-email'] === 'string') out.rootEmail = flags['root-email'];
  if (typeof flags['admin-user'] === 'string') out.admin = { ...out.admin, userName: flags['admin-user'] };
  if (typeof flags.alias === 'string') out.admin = { ...out.admin, accountAlias: flags.alias };
  if (typeof flags.ics === 'string') out.reminder = { ...out.reminder, icsPath: flags.ics };
  if (typeof flags.start === 'string') out.reminder = { ...out.reminder, start: flags.start };
  if (typeof flags.workflow === 'string') out.reminder = { ...out.reminder, githubWorkflowPath: flags.workflow };
  return out;
}
