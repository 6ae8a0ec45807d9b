import React from 'react';
import { render } from 'ink';
import { Root } from './Root.js';
import { UiProvider, type UiSettings } from './ui/UiContext.js';

/** Render an Ink app under <Root>; resolves with the exit code once it has exited. */
export async function renderApp(node: React.ReactNode, ui: Partial<UiSettings>): Promise<number> {
  const abort = new AbortController();
  let code = 0;
  let summary: string | null = null;
  const instance = render(
    <UiProvider value={ui}>
      <Root
        abort={abort}
        onExit={(c, s) => {
          code = c;
          summary = s;
        }}
      >
        {node}
      </Root>
    </UiProvider>,
    { exitOnCtrlC: false, patchConsole: false, isScreenReaderEnabled: ui.screenReader === true },
  );
  await instance.waitUntilExit();
  if (code === 130) process.stderr.write(`\nInterrupted.${summary ? ` ${summary}` : ''}\n`);
  return code;
}
