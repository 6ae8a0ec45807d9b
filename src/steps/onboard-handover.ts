// The hand-over of a batch onboard's welcome notes, shared by every front end: each
// engineer's note goes out the moment their new password exists (or, without one, the
// moment they are set up), to the person and to the welcome file, so a batch stopped part
// way has handed over every password it created.
import type { PreparedOutput } from '../output-file.js';
import { engineerSetUp, setsPassword, welcomeNote, type EngineerPlan, type HandOvers, type OnboardPlan, type OnboardProgress, type OnboardResult } from './onboard.js';
import { welcomeFileEntry } from './welcome-file.js';

export interface NoteHandOverOptions {
  plan: OnboardPlan;
  /** the local record's side of each password hand-off; null when it could not be read */
  handOvers: HandOvers | null;
  /** the welcome file, opened before any engineer was created */
  file: PreparedOutput | null;
  /** the file gets the temporary passwords (--include-password) */
  includePassword: boolean;
  /**
   * Show an engineer's note. `password` is set when a new password is to reach a person
   * here (it is not going into the file). Returns true when it has reached them (printed):
   * the record then counts it as handed over; false when the front end says so later (a
   * person revealed it, or confirmed the passwords are stored: `handedOver`).
   */
  show: (ep: EngineerPlan, password: string | null) => boolean;
}

/**
 * Hands over the notes of one batch, each engineer's once, in the order they come. A note
 * is shown at once; the file entries and the record are written one after another
 * (`settled` waits for them). A record that cannot be written does not stop the
 * hand-over (as in the admin step: a re-run then resets that password); a file that
 * cannot be written stops only the file entries, and `close` returns that error.
 */
export class NoteHandOver {
  private readonly sent = new Set<string>();
  private chain: Promise<void> = Promise.resolve();
  private entries = 0;
  private fileError: unknown = null;

  constructor(private readonly o: NoteHandOverOptions) {}

  /** the passwords go into the welcome file, not on the screen */
  get passwordInFile(): boolean {
    return this.o.file !== null && this.o.includePassword;
  }

  /** how many notes are in the file */
  get written(): number {
    return this.entries;
  }

  /**
   * Feed apply()'s progress here: a note goes out when the engineer's password was set
   * (iam:CreateLoginProfile or iam:UpdateLoginProfile done), else when they are set up.
   */
  progress = (e: OnboardProgress): void => {
    if (e.type === 'shared') return;
    const ep = this.o.plan.engineers.find((x) => x.engineer.name === e.name);
    if (!ep) return;
    if (e.type === 'engineer' && e.event.type === 'done' && setsPassword(e.event.action.call) && ep.temporaryPassword) this.handOver(ep, ep.temporaryPassword);
    if (e.type === 'engineer-done' && engineerSetUp(ep, e.result)) this.handOver(ep, null);
  };

  /** Hand over ep's note (nothing when it went out before); `password` when one was set in this run. */
  handOver(ep: EngineerPlan, password: string | null): void {
    if (this.sent.has(ep.engineer.name)) return;
    this.sent.add(ep.engineer.name);
    const onScreen = password !== null && !this.passwordInFile;
    const reached = this.o.show(ep, onScreen ? password : null);
    const { file, handOvers, includePassword } = this.o;
    this.chain = this.chain.then(async () => {
      let inFile = false;
      if (file && this.fileError === null) {
        try {
          await file.append(welcomeFileEntry(welcomeNote(ep, this.o.plan.signInUrl, includePassword ? password : null), this.entries === 0));
          this.entries++;
          inFile = true;
        } catch (e) {
          this.fileError = e;
        }
      }
      if (password && ((onScreen && reached) || (!onScreen && inFile))) await handOvers?.handedOver(ep).catch(() => undefined);
    });
  }

  /** Resolves once every note handed over so far is in the file and the record; then settles the record against `result`. */
  async settled(result: OnboardResult): Promise<void> {
    await this.chain;
    await this.o.handOvers?.settle(this.o.plan, result).catch(() => undefined);
  }

  /**
   * After the last note: puts the file in place (or removes it when no note went in).
   * Resolves with the first error writing the file, or null.
   */
  async close(): Promise<unknown> {
    await this.chain;
    const { file } = this.o;
    if (!file) return null;
    if (this.entries === 0) {
      await file.discard();
      return this.fileError;
    }
    await file.close().catch((e: unknown) => {
      this.fileError ??= e;
    });
    return this.fileError;
  }
}
