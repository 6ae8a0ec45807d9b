// Command-line parsing: pure, no I/O. Unknown commands and flags come back as a
// usage error that names the nearest valid spelling.
import { closest, distance } from 'fastest-levenshtein';
import { neutralize } from './untrusted.js';
import { stepIds } from './steps/registry.js';
import { hangingLines } from './prose.js';

export const COMMAND_NAMES = ['setup', 'verify', 'mfa', 'onboard', 'offboard', 'reminder'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** A day-one step's id, as listed in src/steps/registry.ts. */
export type StepId = string;

/** The steps `setup --org` runs across the organization's member accounts. */
export const ORG_STEP_IDS: readonly StepId[] = ['contacts', 'lockaway'];

/** The commands with a JSON document for --json. */
export const JSON_COMMANDS: CommandName[] = ['verify'];

interface OptionSpec {
  name: string;
  /** takes a value (--name VALUE or --name=VALUE) */
  value?: string;
  short?: string;
  help: string;
}

const GLOBAL_OPTIONS: OptionSpec[] = [
  { name: 'profile', value: 'P', help: 'the AWS profile to use (SSO profiles work)' },
  { name: 'region', value: 'R', help: 'region for regional reads (default us-east-1)' },
  { name: 'demo', help: 'a built-in sandbox account; nothing reaches AWS' },
  { name: 'plain', help: 'line-by-line prompts (screen readers, logs)' },
  { name: 'ci', help: 'no prompts, plain output; answers from flags/--answers' },
  { name: 'yes', help: 'accept every plan without asking' },
  { name: 'json', help: 'verify only: one JSON document on stdout' },
  { name: 'no-color', help: 'no colour (NO_COLOR is honoured too)' },
  { name: 'print-policy', help: 'print the IAM policy this command needs, and exit' },
  { name: 'help', short: 'h', help: 'show help' },
  { name: 'version', short: 'v', help: 'show the version' },
];

// Output files are never written through a symlink or into another user's file; this only
// allows replacing a file of ours that this program did not write.
const FORCE_OPTION: OptionSpec = { name: 'force', help: 'replace an existing output file this tool did not write (never a symlink or another user\'s file)' };

export interface CommandSpec {
  name: CommandName;
  usage: string;
  summary: string;
  options: OptionSpec[];
  /** names of positional arguments; more than this is a usage error */
  positionals: string[];
  examples: string[];
}

export const COMMANDS: Record<CommandName, CommandSpec> = {
  setup: {
    name: 'setup',
    usage: 'mvsp-setup [setup] [options]',
    summary: 'day-one wizard: root email, contacts, first admin, MFA, root lock-away, reminder',
    options: [
      { name: 'steps', value: 'LIST', help: `run only these steps, comma-separated: ${stepIds().join(',')}` },
      { name: 'answers', value: 'FILE', help: 'answers as one JSON document (README); flags win' },
      { name: 'admin-user', value: 'NAME', help: 'user name of the first IAM admin' },
      { name: 'alias', value: 'ALIAS', help: 'account alias for the sign-in URL' },
      { name: 'root-email', value: 'E', help: "the root user's sign-in email address" },
      { name: 'password-file', value: 'PATH', help: "with --ci: write the admin's temporary password here (mode 0600) instead of printing it" },
      { name: 'org', help: `every member account of the AWS Organization (from the management account); steps: ${ORG_STEP_IDS.join(',')}` },
      FORCE_OPTION,
    ],
    positionals: [],
    examples: ['npx mvsp-setup', 'npx mvsp-setup --demo', 'npx mvsp-setup --steps admin,mfa --admin-user alice', 'npx mvsp-setup --org --steps lockaway'],
  },
  verify: {
    name: 'verify',
    usage: 'mvsp-setup verify [options]',
    summary: 'the monthly check: root, MFA, contacts, password policy, stale credentials',
    options: [
      { name: 'root-email', value: 'E', help: "the root user's sign-in email address (checked for alias form)" },
      { name: 'alert-email', value: 'E', help: 'the address root sign-in alerts must reach: root-login-alert fails otherwise (a scheduled job has no local record of it)' },
      { name: 'org', help: 'check every account of the AWS Organization (from the management account)' },
      { name: 'role', value: 'NAME', help: 'with --org: the role to assume in each member (default OrganizationAccountAccessRole)' },
    ],
    positionals: [],
    examples: ['npx mvsp-setup verify', 'npx mvsp-setup verify --ci --json > report.json', 'npx mvsp-setup verify --org --ci --json > org.json'],
  },
  mfa: {
    name: 'mfa',
    usage: 'mvsp-setup mfa [--user NAME]',
    summary: 'enrol a virtual MFA device for an IAM user (QR code in the terminal)',
    options: [{ name: 'user', value: 'NAME', help: 'the IAM user to enrol' }],
    positionals: [],
    examples: ['npx mvsp-setup mfa --user alice'],
  },
  onboard: {
    name: 'onboard',
    usage: 'mvsp-setup onboard [--user NAME --email E --group G] [--from FILE.csv]',
    summary: 'add engineers: IAM user in a group, console password, MFA required',
    options: [
      { name: 'user', value: 'NAME', help: 'IAM user name of the new engineer' },
      { name: 'email', value: 'E', help: 'their work email (kept as a tag)' },
      { name: 'group', value: 'G', help: 'Administrators, Developers, ReadOnly, or an existing group' },
      { name: 'from', value: 'FILE.csv', help: 'many engineers at once: a CSV with name,email,group' },
      { name: 'email-domain', value: 'D', help: "the company's email domain (default: the one existing users' email tags use)" },
      { name: 'welcome-file', value: 'PATH', help: 'also write the welcome note(s) to this file (mode 0600)' },
      { name: 'include-password', help: 'with --welcome-file: put the temporary password in it (file mode 0600)' },
      FORCE_OPTION,
    ],
    positionals: [],
    examples: ['npx mvsp-setup onboard --user bob --email bob@acme.com --group Developers', 'npx mvsp-setup onboard --from team.csv'],
  },
  offboard: {
    name: 'offboard',
    usage: 'mvsp-setup offboard NAME',
    summary: 'disable an engineer: password, keys and MFA off, groups removed, tagged (nothing deleted)',
    options: [],
    positionals: ['NAME'],
    examples: ['npx mvsp-setup offboard bob'],
  },
  reminder: {
    name: 'reminder',
    usage: 'mvsp-setup reminder [options]',
    summary: '(re)write the monthly reminder: calendar file, cron line, GitHub Actions workflow',
    options: [
      { name: 'answers', value: 'FILE', help: 'answers as one JSON document (the "reminder" key)' },
      { name: 'ics', value: 'PATH', help: 'where to write the calendar file (default mvsp-root-check.ics)' },
      { name: 'start', value: 'YYYY-MM-DD', help: 'first reminder date (default: a weekday next month)' },
      { name: 'workflow', value: 'PATH', help: 'also write a GitHub Actions workflow here' },
      FORCE_OPTION,
    ],
    positionals: [],
    examples: ['npx mvsp-setup reminder --start 2026-12-07', 'npx mvsp-setup reminder --workflow .github/workflows/mvsp-verify.yml'],
  },
};

export type Flags = Record<string, string | boolean>;

export interface ParsedArgs {
  command: CommandName;
  /** true when the command word was given explicitly */
  explicitCommand: boolean;
  positionals: string[];
  flags: Flags;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function nearest(word: string, candidates: string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word, candidates);
  return distance(word, best) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

export function optionsFor(command: CommandName): OptionSpec[] {
  return [...COMMANDS[command].options, ...GLOBAL_OPTIONS];
}

const ALL_OPTIONS: OptionSpec[] = [...GLOBAL_OPTIONS, ...COMMAND_NAMES.flatMap((c) => COMMANDS[c].options)];

/**
 * Where the command word is: the first token that is neither an option nor an option's
 * value (options may come before the command, as with gh and aws). -1 when there is none.
 * An option no command knows, before the command, is a usage error: whether it takes a
 * value cannot be known, so neither can the command.
 */
function commandIndex(argv: string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') return -1;
    if (token.startsWith('--') && token.length > 2) {
      const name = token.slice(2).split('=')[0]!;
      const spec = ALL_OPTIONS.find((o) => o.name === name);
      if (!spec) {
        const hint = nearest(name, [...new Set(ALL_OPTIONS.map((o) => o.name))]);
        throw new UsageError(`unknown option '--${neutralize(name)}'${hint ? ` — did you mean '--${hint}'?` : ''}`);
      }
      if (!token.includes('=') && spec.value !== undefined) i++;
      continue;
    }
    if (token.startsWith('-') && token !== '-') continue;
    return i;
  }
  return -1;
}

export function parseArgs(argv: string[]): ParsedArgs {
  let command: CommandName = 'setup';
  let explicitCommand = false;
  const rest = [...argv];
  const at = commandIndex(rest);
  if (at !== -1) {
    const word = rest[at]!;
    if ((COMMAND_NAMES as readonly string[]).includes(word)) {
      command = word as CommandName;
      explicitCommand = true;
      rest.splice(at, 1);
    } else {
      const hint = nearest(word, [...COMMAND_NAMES]);
      throw new UsageError(`unknown command '${neutralize(word)}'${hint ? ` — did you mean '${hint}'?` : ''} (mvsp-setup --help lists them)`);
    }
  }
  const specs = optionsFor(command);
  const flags: Flags = {};
  const positionals: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]!;
    if (token === '--') {
      positionals.push(...rest.slice(i + 1));
      break;
    }
    if (!token.startsWith('-') || token === '-') {
      positionals.push(token);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (token.startsWith('--')) {
      const eq = token.indexOf('=');
      name = eq === -1 ? token.slice(2) : token.slice(2, eq);
      inline = eq === -1 ? undefined : token.slice(eq + 1);
    } else {
      const short = token.slice(1);
      const spec = specs.find((s) => s.short === short);
      if (!spec) throw new UsageError(`unknown option '${token}' (mvsp-setup ${command} --help lists the options)`);
      name = spec.name;
    }
    const spec = specs.find((s) => s.name === name);
    if (!spec) {
      const hint = nearest(name, specs.map((s) => s.name));
      const elsewhere = COMMAND_NAMES.find((c) => c !== command && COMMANDS[c].options.some((o) => o.name === name));
      const where = elsewhere ? ` ('--${name}' belongs to 'mvsp-setup ${elsewhere}')` : '';
      throw new UsageError(`unknown option '--${name}'${hint ? ` — did you mean '--${hint}'?` : ''}${where}`);
    }
    if (spec.value) {
      let value = inline;
      if (value === undefined) {
        const next = rest[i + 1];
        if (next === undefined || (next.startsWith('--') && next.length > 2)) {
          throw new UsageError(`option '--${name}' needs a value: --${name} ${spec.value}`);
        }
        value = next;
        i++;
      }
      if (value.trim() === '') throw new UsageError(`option '--${name}' needs a value: --${name} ${spec.value}`);
      // one value per option: the last one silently winning would drop what was asked first
      if (typeof flags[name] === 'string' && flags[name] !== value) {
        throw new UsageError(`option '--${name}' is given twice ('${neutralize(String(flags[name]))}' and '${neutralize(value)}'); give it once`);
      }
      flags[name] = value;
    } else {
      if (inline !== undefined) throw new UsageError(`option '--${name}' takes no value`);
      flags[name] = true;
    }
  }
  const allowed = COMMANDS[command].positionals;
  if (positionals.length > allowed.length) {
    throw new UsageError(`unexpected argument '${neutralize(positionals[allowed.length]!)}' (mvsp-setup ${command} --help shows the usage)`);
  }
  // only verify prints a JSON document: anything else would mix prose (and passwords)
  // into what a script reads as JSON
  if (flags.json === true && !JSON_COMMANDS.includes(command)) {
    throw new UsageError(`--json: '${command}' prints no JSON document (only ${JSON_COMMANDS.map((c) => `'${c}'`).join(', ')} does); use --ci for plain lines`);
  }
  if (typeof flags.steps === 'string') parseSteps(flags.steps);
  if (command === 'setup' && flags.org === true) checkOrgSetup(flags);
  if (typeof flags.region === 'string') checkRegion(flags.region);
  if (typeof flags.role === 'string') checkRoleName(flags.role, flags.org === true);
  return { command, explicitCommand, positionals, flags };
}

// Regions AWS opens later still match the pattern; the list only feeds "did you mean".
const KNOWN_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'ca-west-1', 'mx-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2',
  'ap-south-1', 'ap-south-2', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7',
  'me-south-1', 'me-central-1', 'il-central-1', 'af-south-1', 'us-gov-west-1', 'us-gov-east-1', 'cn-north-1', 'cn-northwest-1',
];
const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-(central|north|south|east|west|northeast|northwest|southeast|southwest)-\d{1,2}$/;

/** A region name that cannot exist is a typo: say so before any request goes to a host that does not exist. */
export function checkRegion(region: string): void {
  if (REGION_PATTERN.test(region)) return;
  const hint = nearest(region.toLowerCase(), KNOWN_REGIONS);
  throw new UsageError(`--region '${region}' is not an AWS region name${hint ? ` — did you mean '${hint}'?` : ''} (e.g. us-east-1, eu-west-1)`);
}

/** --role names an IAM role (iam:CreateRole's RoleName: 1-64 of letters, digits, +=,.@_-) and needs --org. */
export function checkRoleName(role: string, org: boolean): void {
  if (!org) throw new UsageError('--role is used with --org: mvsp-setup verify --org --role NAME');
  if (!/^[\w+=,.@-]{1,64}$/.test(role)) {
    throw new UsageError(`--role '${neutralize(role)}' is not an IAM role name (letters, digits and +=,.@_- only, at most 64; no path)`);
  }
}

/**
 * `setup --org` runs ORG_STEP_IDS only, and takes none of the day-one answers: each of them
 * is a usage error rather than silently ignored.
 */
export function checkOrgSetup(flags: Flags): void {
  if (typeof flags.steps === 'string') {
    const other = parseSteps(flags.steps).filter((id) => !ORG_STEP_IDS.includes(id));
    if (other.length) {
      throw new UsageError(`--org runs only the steps ${ORG_STEP_IDS.join(', ')} across member accounts; '${other.join(',')}' is for one account: run it without --org`);
    }
  }
  const dayOne = ['answers', 'admin-user', 'alias', 'root-email', 'password-file'].find((name) => flags[name] !== undefined);
  if (dayOne) throw new UsageError(`--${dayOne} is a day-one answer for one account; setup --org asks for none`);
}

export function parseSteps(list: string, known: readonly string[] = stepIds()): StepId[] {
  const ids = list.split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) throw new UsageError(`--steps needs at least one of: ${known.join(', ')}`);
  for (const id of ids) {
    if (!known.includes(id)) {
      const hint = nearest(id, [...known]);
      throw new UsageError(`unknown step '${neutralize(id)}' in --steps${hint ? ` — did you mean '${hint}'?` : ''} (steps: ${known.join(', ')})`);
    }
  }
  // run in the wizard's order whatever order they were given in
  return known.filter((id) => ids.includes(id));
}

/** Help is laid out for an 80-column terminal: prose wraps with a hanging indent. */
const HELP_WIDTH = 80;
/** where an option's description starts */
const OPTION_COLUMN = 24;

function optionLines(o: OptionSpec): string[] {
  const left = `  ${o.short ? `-${o.short}, ` : ''}--${o.name}${o.value ? ` ${o.value}` : ''} `;
  return hangingLines(o.help, HELP_WIDTH, left, OPTION_COLUMN);
}

const para = (text: string, indent = 0): string[] => hangingLines(text, HELP_WIDTH, ' '.repeat(indent));

export function helpText(command: CommandName | undefined, version: string): string {
  if (command && command !== 'setup') {
    const c = COMMANDS[command];
    return [
      `Usage: ${c.usage}`,
      '',
      ...para(c.summary),
      '',
      ...(c.options.length ? ['Options:', ...c.options.flatMap(optionLines), ''] : []),
      ...para('Global options (--profile, --region, --demo, --plain, --ci, --yes, --no-color, --print-policy and the rest) go before or after the command: mvsp-setup --help lists them.'),
      '',
      'Examples:',
      ...c.examples.map((e) => `  ${e}`),
      '',
    ].join('\n');
  }
  const examples: [string, string][] = [
    ['npx mvsp-setup --demo', 'try it on a sandbox, no AWS needed'],
    ['npx mvsp-setup', 'day one (in CloudShell, as root)'],
    ['npx mvsp-setup verify', 'the monthly check'],
    ['npx mvsp-setup verify --ci --json', 'the same from a scheduled job'],
    ['npx mvsp-setup --profile prod verify', 'with the AWS profile prod'],
    ['npx mvsp-setup offboard bob', 'disable a leaver'],
  ];
  return [
    ...para(`mvsp-setup ${version} — a minimum viable secure AWS account, set up in one sitting and checked monthly`),
    '',
    'Usage: mvsp-setup [global options] [command] [options]',
    '',
    'Commands:',
    ...COMMAND_NAMES.flatMap((n) => hangingLines(`${COMMANDS[n].summary}${n === 'setup' ? ' (the default)' : ''}`, HELP_WIDTH, `  ${n}`, 13)),
    '',
    'Setup options:',
    ...COMMANDS.setup.options.flatMap(optionLines),
    '',
    'Global options (before or after the command):',
    ...GLOBAL_OPTIONS.flatMap(optionLines),
    '',
    'Examples:',
    ...examples.flatMap(([cmd, what]) => hangingLines(what, HELP_WIDTH, `  ${cmd}`, 40)),
    '',
    ...para('Exit codes: 0 success, 1 a check or step failed, 2 usage or environment error, 130 interrupted (129 hang-up, 143 terminated).'),
    'mvsp-setup COMMAND --help shows one command in full.',
    '',
  ].join('\n');
}
