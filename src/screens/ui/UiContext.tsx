import React, { createContext, useContext } from 'react';

export interface UiSettings {
  /** the sandbox account is in use: every screen says so */
  demo: boolean;
  /** animate spinners; off for screen readers and in screen tests */
  animate: boolean;
  /** Ink's screen-reader mode: label every input */
  screenReader: boolean;
  /** the clock for everything shown on screen */
  now: () => Date;
  /** colours may be used (not NO_COLOR / --no-color): where a colour carries meaning, the screen offers another way without */
  color: boolean;
  /** --demo: the folder the run writes its files to (see src/demo-folder.ts), said on the first screen */
  demoFolder?: string;
}

const defaults: UiSettings = { demo: false, animate: true, screenReader: false, now: () => new Date(), color: true };

const UiContext = createContext<UiSettings>(defaults);

export function UiProvider({ value, children }: { value: Partial<UiSettings>; children: React.ReactNode }) {
  return <UiContext.Provider value={{ ...defaults, ...value }}>{children}</UiContext.Provider>;
}

export function useUi(): UiSettings {
  return useContext(UiContext);
}
