// The batch file for onboarding: a CSV with a header (name,email,group, in any order,
// any case). Parsed and checked row by row before anything is read from or written to
// the account; every problem carries the line number it was found on.
import { parse } from 'csv-parse/sync';
import { neutralize } from '../untrusted.js';
import { validateUserName } from './admin-user.js';

export const CSV_COLUMNS = ['name', 'email', 'group'] as const;
type Column = (typeof CSV_COLUMNS)[number];

export interface EngineerRow {
  /** 1-based line in the file (the last line of a record that spans lines) */
  line: number;
  name: string;
  email: string;
  group: string;
}

export interface BadRow {
  line: number;
  /** what the row says, for the report (may be partly empty) */
  name: string;
  problems: string[];
}

export interface ParsedRows {
  rows: EngineerRow[];
  bad: BadRow[];
}

/** The file cannot be read as a whole (no header, an unclosed quote): nothing in it is used. */
export class CsvFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvFileError';
  }
}

const GROUP_NAME = /^[\w+=,.@-]{1,128}$/;

/** IAM's rule for group names. null when valid. */
export function validateGroupName(group: string): string | null {
  if (group === '') return 'Choose a group.';
  if (!GROUP_NAME.test(group)) return `"${group}" is not a valid group name (letters, digits and + = , . @ _ -, up to 128).`;
  return null;
}

interface Parsed {
  info: { lines: number };
  record: string[];
}

/** Read the file's records with their line numbers; whole-file problems throw CsvFileError. */
function records(text: string): Parsed[] {
  try {
    return parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      // fields are echoed in previews and errors: no control character gets through
      cast: (v: string) => neutralize(v),
    }) as unknown as Parsed[];
  } catch (e) {
    const err = e as { message?: string; lines?: number };
    throw new CsvFileError(`cannot read the CSV${err.lines ? ` (line ${err.lines})` : ''}: ${err.message ?? String(e)}`);
  }
}

/**
 * Parse name,email,group rows. Checks what needs no account: the header, the number
 * of fields, empty fields, IAM's rules for user and group names, and user names that
 * appear on more than one line (all of those rows are bad: which one is meant is a guess).
 * The email check is passed in (it decides the company domain).
 */
export function parseEngineersCsv(text: string, checkEmail: (email: string) => string | null = () => null): ParsedRows {
  const all = records(text);
  const header = all[0];
  if (!header) throw new CsvFileError(`the CSV is empty: it needs a header line "${CSV_COLUMNS.join(',')}" and one line per engineer`);
  const names = header.record.map((h) => h.toLowerCase());
  const index: Partial<Record<Column, number>> = {};
  for (const c of CSV_COLUMNS) {
    const i = names.indexOf(c);
    if (i === -1) {
      throw new CsvFileError(
        `line ${header.info.lines}: the header must name the columns ${CSV_COLUMNS.join(',')} (found: ${header.record.join(',') || 'nothing'})`,
      );
    }
    index[c] = i;
  }
  const extra = names.filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n));
  if (extra.length > 0) throw new CsvFileError(`line ${header.info.lines}: unknown column ${extra.map((e) => `"${e}"`).join(', ')} (expected ${CSV_COLUMNS.join(',')})`);

  const rows: EngineerRow[] = [];
  const bad: BadRow[] = [];
  for (const { info, record } of all.slice(1)) {
    const line = info.lines;
    const field = (c: Column) => record[index[c]!] ?? '';
    const row: EngineerRow = { line, name: field('name'), email: field('email'), group: field('group') };
    const problems: string[] = [];
    if (record.length !== header.record.length) {
      problems.push(`${record.length} fields where the header has ${header.record.length} (a comma too many or too few?)`);
    } else {
      const nameError = row.name === '' ? 'no user name' : validateUserName(row.name);
      if (nameError) problems.push(`name: ${nameError}`);
      const emailError = row.email === '' ? 'no email address' : checkEmail(row.email);
      if (emailError) problems.push(`email: ${emailError}`);
      const groupError = row.group === '' ? 'no group' : validateGroupName(row.group);
      if (groupError) problems.push(`group: ${groupError}`);
    }
    if (problems.length > 0) bad.push({ line, name: row.name, problems });
    else rows.push(row);
  }

  // the same user twice (IAM names ignore case): none of those rows is used
  const byName = new Map<string, EngineerRow[]>();
  for (const r of rows) {
    const key = r.name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), r]);
  }
  const dupes = new Set<EngineerRow>();
  for (const group of byName.values()) {
    if (group.length < 2) continue;
    for (const r of group) {
      dupes.add(r);
      const others = group.filter((o) => o !== r).map((o) => o.line);
      bad.push({ line: r.line, name: r.name, problems: [`name: ${r.name} is also on line ${others.join(', ')}; fix the file so each engineer appears once`] });
    }
  }
  bad.sort((a, b) => a.line - b.line);
  return { rows: rows.filter((r) => !dupes.has(r)), bad };
}

/** One line for a row left out: where, who, and why. */
export function badRowLine(b: BadRow): string {
  return `${b.line > 0 ? `line ${b.line}` : 'engineer'}${b.name ? ` (${b.name})` : ''}: ${b.problems.join('; ')}`;
}

/** The rows as an aligned table (header first), for the preview. */
export function previewTable(rows: { line?: number; name: string; email: string; group: string }[]): string[] {
  return padTable([['line', 'name', 'email', 'group'], ...rows.map((e) => [String(e.line ?? ''), e.name, e.email, e.group])]);
}

function padTable(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  '));
}
