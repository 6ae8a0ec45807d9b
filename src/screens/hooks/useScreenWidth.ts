import { useStdout } from 'ink';

/** Long lines wrap at 80 columns even in a wider terminal: screens are designed for 80x24. */
export function useScreenWidth(): number {
  const { stdout } = useStdout();
  return Math.min(80, stdout.columns || 80);
}
