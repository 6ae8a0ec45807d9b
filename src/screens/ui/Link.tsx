import React from 'react';
import { Text, Transform } from 'ink';

/**
 * Terminals known to render OSC 8 hyperlinks. FORCE_HYPERLINK=1/0 overrides the guess;
 * elsewhere the URL is printed as plain text, which most terminals make clickable anyway.
 */
export function supportsHyperlinks(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.FORCE_HYPERLINK !== undefined) return env.FORCE_HYPERLINK !== '0' && env.FORCE_HYPERLINK !== 'false';
  if (env.CI || env.TERM === 'dumb') return false;
  if (env.WT_SESSION || env.KITTY_WINDOW_ID || env.DOMTERM || env.KONSOLE_VERSION) return true;
  if (env.TERM === 'xterm-kitty' || env.TERM === 'xterm-ghostty') return true;
  if (env.VTE_VERSION && Number(env.VTE_VERSION) >= 5000) return true;
  const program = env.TERM_PROGRAM ?? '';
  if (['WezTerm', 'vscode', 'ghostty', 'Hyper', 'Tabby'].includes(program)) return true;
  if (program === 'iTerm.app') {
    const [major = 0, minor = 0] = (env.TERM_PROGRAM_VERSION ?? '').split('.').map(Number);
    return major > 3 || (major === 3 && minor >= 1);
  }
  return false;
}

export function hyperlink(text: string, url: string): string {
  return `\u001B]8;;${url}\u0007${text}\u001B]8;;\u0007`;
}

/** A URL that is clickable where the terminal supports links, plain text elsewhere. */
export function Link({ url, children, color = 'cyan' }: { url: string; children?: string; color?: string }) {
  const text = children ?? url;
  if (!supportsHyperlinks()) return <Text color={color}>{text}</Text>;
  return (
    <Transform transform={(s) => hyperlink(s, url)}>
      <Text color={color} underline>
        {text}
      </Text>
    </Transform>
  );
}
