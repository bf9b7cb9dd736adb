// `runbook`: the same code as the extension, without VS Code. Each subcommand lives in its own
// module and is loaded only when called; its usage text lives in usage.ts.
import { UsageError, type CliCommand, type CliIO } from './io';
import { asksForHelp, commandUsage, topUsage, COMMANDS, type CommandName } from './usage';
import { printable, printableLine } from './printable';
import { processIO } from './stdio';

const commands: Record<CommandName, () => Promise<CliCommand>> = {
  list: async () => (await import('./list')).list,
  check: async () => (await import('./check')).check,
  run: async () => (await import('./run')).run,
  incident: async () => (await import('./incident')).incident,
  message: async () => (await import('./documents')).message,
  postmortem: async () => (await import('./documents')).postmortem,
  health: async () => (await import('./health')).health,
};

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    io.stderr(topUsage());
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    // `runbook help run` is `runbook run --help`.
    const [topic, ...more] = rest;
    io.stdout(topic && isCommand(topic) ? commandUsage(topic, more[0]) : topUsage());
    return 0;
  }
  if (!isCommand(name)) {
    io.stderr(`runbook: unknown command '${printableLine(name)}'\n\n${topUsage()}`);
    return 2;
  }
  if (asksForHelp(rest)) {
    io.stdout(commandUsage(name, rest.find((a) => !a.startsWith('-'))));
    return 0;
  }
  try {
    return await (await commands[name]())(rest, io);
  } catch (err) {
    // Messages quote what was typed or read (`unknown status 'x'`): never raw to a terminal.
    if (err instanceof UsageError) {
      io.stderr(`runbook ${name}: ${printable(err.message)}\n`);
      return 2;
    }
    io.stderr(`runbook ${name}: ${printable(err instanceof Error ? err.message : String(err))}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(String(err?.stack ?? err) + '\n');
      process.exitCode = 1;
    },
  );
}
