// Drive the plain front end in-process: scripted answers in through a stream (no TTY,
// so nothing echoes and the output log gets each answer), everything written kept.
import { PassThrough } from 'node:stream';
import { plainIO, type PlainIO, type PlainInput } from '../../src/plain/plain-io.js';
import type { Flags } from '../../src/args.js';

export interface ScriptedPlain {
  io: PlainIO;
  output: () => string;
  /** type one more line (as if Enter was pressed) */
  answer: (line: string) => void;
  end: () => void;
}

export function scriptedPlain(answers: string[], flags: Flags = {}, opts: { tty?: { rawMode: boolean } } = {}): ScriptedPlain {
  const input = new PassThrough() as PassThrough & PlainInput;
  if (opts.tty) {
    input.isTTY = true;
    if (opts.tty.rawMode) {
      input.isRaw = false;
      input.setRawMode = (m: boolean) => {
        input.isRaw = m;
      };
    }
  }
  let out = '';
  const output = new PassThrough();
  output.setEncoding('utf8');
  output.on('data', (d: string) => {
    out += d;
  });
  for (const a of answers) input.write(`${a}\n`);
  const io = plainIO({ input, output, env: { TERM: 'xterm-256color' } }, flags);
  return { io, output: () => out, answer: (line) => input.write(`${line}\n`), end: () => input.end() };
}
