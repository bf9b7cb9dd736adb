// What a shell cell runs. A fence written as a terminal session shows prompted command lines and
// the output they printed: `console` and `shellsession` fences by convention, and in public
// runbooks just as often `bash` or `sh` fences (`$ oc get pods` followed by its output). Only the
// commands run, so only the commands may be classified: the run engine hands this text to both
// the classifier and the executor.

const PROMPT = /^\s*\$ /;
/** bash's PS2: a line a session shows under a command it is still reading (a here-doc, an open quote). */
const CONTINUATION_PROMPT = /^\s*>(?: |$)/;

/**
 * The script a shell cell runs. A cell with `$ ` prompts is a session, whatever its info word (bash
 * could never run a line starting with `$ ` anyway: `$` is not a command): each prompted line
 * without its prompt, the lines a trailing `\` continues, and `> ` lines right under a command
 * (bash's continuation prompt, e.g. a here-doc's body); everything else is the session's output
 * and does not run. A cell without any `$ ` line is a script and runs as written.
 *
 * `# ` is never read as a root prompt: in the same fences it is a comment far more often
 * (`# Install the plugin once`), and reading prose as commands would run it. A root command
 * shown as `# systemctl restart x` therefore does not run; the README says to write `$ sudo …`.
 */
export function scriptToRun(code: string): string {
  const lines = code.split('\n');
  if (!lines.some((l) => PROMPT.test(l))) return code;
  const out: string[] = [];
  // Whether the previous line belongs to a command (so a `\` or `> ` line continues it).
  let inCommand = false;
  let continues = false;
  for (const line of lines) {
    if (PROMPT.test(line)) {
      const command = line.replace(PROMPT, '');
      out.push(command);
      inCommand = true;
      continues = endsWithBackslash(command);
    } else if (inCommand && continues) {
      out.push(line);
      continues = endsWithBackslash(line);
    } else if (inCommand && CONTINUATION_PROMPT.test(line)) {
      out.push(line.replace(CONTINUATION_PROMPT, ''));
      continues = endsWithBackslash(line);
    } else {
      inCommand = false;
      continues = false;
    }
  }
  return out.join('\n');
}

/** A line ending in an odd number of backslashes continues on the next (`\\` is a literal one). */
function endsWithBackslash(line: string): boolean {
  const m = /\\+$/.exec(line.trimEnd());
  return m !== null && m[0].length % 2 === 1;
}
