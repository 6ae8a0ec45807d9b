import React from 'react';
import { render } from 'ink';
import { INTERRUPT_CODES, Root } from './Root.js';
import { UiProvider, type UiSettings } from './ui/UiContext.js';

// Screens are laid out for 80x24; below this even a wrapped screen scrolls its own top away.
const MIN_COLUMNS = 60;
const MIN_ROWS = 20;
// erase the screen and the scrollback xterm-likes keep (3J), cursor home
const CLEAR_SCREEN = '\u001b[2J\u001b[3J\u001b[H';

/** Render an Ink app under <Root>; resolves with the exit code once it has exited. */
export async function renderApp(node: React.ReactNode, ui: Partial<UiSettings>): Promise<number> {
  const { columns, rows } = process.stdout;
  if (columns && rows && (columns < MIN_COLUMNS || rows < MIN_ROWS)) {
    process.stderr.write(
      `mvsp-setup: this terminal is ${columns}x${rows}; the wizard needs at least ${MIN_COLUMNS}x${MIN_ROWS} (80x24 is best).\n` +
        '  Make the window larger and run it again, or use --plain for line-by-line prompts.\n',
    );
    return 2;
  }
  const abort = new AbortController();
  let code = 0;
  let summary: string | null = null;
  let secretShown = false;
  let after: string[] = [];
  const instance = render(
    <UiProvider value={ui}>
      <Root
        abort={abort}
        onExit={(c, s, secret, keep) => {
          code = c;
          summary = s;
          secretShown = secret;
          after = keep;
        }}
      >
        {node}
      </Root>
    </UiProvider>,
    { exitOnCtrlC: false, patchConsole: false, isScreenReaderEnabled: ui.screenReader === true },
  );
  await instance.waitUntilExit();
  // Ink leaves its last frame on the screen: one that held a password or an MFA key goes
  if (secretShown && process.stdout.isTTY) {
    process.stdout.write(CLEAR_SCREEN);
    process.stdout.write("A secret was on the screen; it was cleared. The terminal's scrollback may still hold it: clear the scrollback or close this window.\n");
  }
  if (INTERRUPT_CODES.includes(code)) process.stderr.write(`\nInterrupted.${summary ? ` ${summary}` : ''}\n`);
  // Ink leaves the cursor at the end of the last frame: the shell prompt starts on a line of its own
  else process.stdout.write('\n');
  // lines to copy too wide for a frame, whole, below it (the terminal wraps them, a copy keeps them one line)
  if (after.length > 0) process.stdout.write(`${after.join('\n')}\n`);
  return code;
}
