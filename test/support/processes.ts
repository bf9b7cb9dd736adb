// Waiting in tests for something a process does (exits, stops, writes), without fixed sleeps.

/** Resolves true once `check` holds, or false after `timeoutMs` with it still false. */
export async function waitFor(check: () => boolean, timeoutMs: number, everyMs = 25): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return check();
}
