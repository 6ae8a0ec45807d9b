import React from 'react';
import type { CommandContext } from './types.js';
import { EXIT } from './types.js';
import { parseSteps } from '../args.js';
import { loadSteps, stepIds } from '../steps/registry.js';
import { loadAnswersFile, mergeFlags, type Answers } from '../answers.js';
import { frontEnd, notInteractiveMessage, uiSettings, sessionFromFlags } from './terminal.js';
import { demoAnswers, demoFolder, demoFolderLine } from '../demo-folder.js';
import { renderApp } from '../screens/render-app.js';
import { SessionProvider } from '../screens/SessionContext.js';
import { Wizard } from '../screens/wizard/Wizard.js';

export async function run(ctx: CommandContext): Promise<number> {
  const { flags } = ctx.args;
  if (flags.org === true) return (await import('./setup-org.js')).runSetupOrg(ctx);
  const steps = typeof flags.steps === 'string' ? parseSteps(flags.steps) : stepIds();
  const fileAnswers: Answers = typeof flags.answers === 'string' ? await loadAnswersFile(flags.answers) : {};
  // a demo writes into its own folder, the calendar file included
  const folder = flags.demo === true ? demoFolder() : undefined;
  const answers = folder ? demoAnswers(mergeFlags(fileAnswers, flags), folder) : mergeFlags(fileAnswers, flags);
  const session = sessionFromFlags(ctx, { dataDir: folder });
  if (flags.ci === true) {
    const [{ runSetupLines }, { runCi }, defs] = await Promise.all([import('../headless/line-presenter.js'), import('../headless/ci-run.js'), loadSteps(steps)]);
    if (folder) ctx.stdout.write(`${demoFolderLine(folder)}
`);
    // under a signal the changes under way end and are said, then the run exits 128 + n
    return runCi(ctx, (io) => runSetupLines(session, defs, answers, io));
  }
  const ui = frontEnd(ctx);
  if (ui === 'plain') {
    const [{ runSetupLines }, { runPlain }, defs] = await Promise.all([import('../headless/line-presenter.js'), import('../plain/run.js'), loadSteps(steps)]);
    return runPlain(ctx, (io) => {
      if (folder) io.line(demoFolderLine(folder));
      return runSetupLines(session, defs, answers, io);
    });
  }
  if (ui === 'none') {
    ctx.stderr.write(`${notInteractiveMessage('setup')}\n`);
    return EXIT.usage;
  }
  return renderApp(
    <SessionProvider session={session}>
      <Wizard steps={steps} answers={answers} yes={flags.yes === true} flags={flags} />
    </SessionProvider>,
    { ...uiSettings(ctx), demoFolder: folder },
  );
}
