// Last-resort cleanup for the test harness: synchronous hooks that run when the process exits,
// including on Ctrl-C / SIGTERM / SIGHUP (Node skips 'exit' handlers on a signal it does not handle).
const hooks = new Set<() => void>();
let installed = false;

function runAll(): void {
  for (const hook of [...hooks].reverse()) {
    hooks.delete(hook);
    try {
      hook();
    } catch (err) {
      console.error('[harness] cleanup failed:', err);
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', runAll);
  let exiting = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // `on`, not `once`: a second Ctrl-C (a terminal and a wrapper both send one) must not hit the
    // default action halfway through putting node_modules back or stopping servers.
    process.on(signal, () => {
      if (exiting) return;
      exiting = true;
      console.error(`\n[harness] ${signal}: cleaning up`);
      runAll();
      process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const)[signal]);
    });
  }
}

/** Registers a synchronous cleanup; returns a function that unregisters it (after a normal cleanup). */
export function onExit(hook: () => void): () => void {
  install();
  hooks.add(hook);
  return () => hooks.delete(hook);
}
