import { useSession } from '../SessionContext.js';
import { useTask } from './useTask.js';

export function usePreflight() {
  const session = useSession();
  return useTask(() => session.preflight(), [session]);
}
