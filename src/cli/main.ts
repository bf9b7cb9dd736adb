// `runbook`: the same code as the extension, without VS Code. Each subcommand lives in its own
// module and is loaded only when called.
import { loadParsers } from '../core/exec/parsers';
import { UsageError, type CliCommand, type CliIO } from './io';
import { terminalAsk } from './prompt';

const commands: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  list: { summary: 'list FILE [--json]                 the cells of a runbook', load: async () => (await import('./list')).list },
  check: { summary: 'check [--roundtrip] FILE...        parse runbooks, report problems', load: async () => (await import('./check')).check },
  run: { summary: 'run FILE [--cell NAME|INDEX]... [--diagnostics] [--yes] [--json] [--timeout S] [--env-file F] [--workspace D] [--folder D] [--incident ID]  run cells', load: async () => (await import('./run')).run },
  incident: { summary: 'incident declare|list|status|…    track an incident (`runbook incident --help`)', load: async () => (await import('./incident')).incident },
  message: { summary: 'message KIND [--out FILE]          status-page, resolution or slack text', load: async () => (await import('./message')).message },
  postmortem: { summary: 'postmortem [--out FILE]            write the post-mortem into postmortems/', load: async () => (await import('./postmortem')).postmortem },
  health: { summary: 'health [--json] [--watch]          check the services (exit 1 when one is down)', load: async () => (await import('./health')).health },
};

function usage(): string {
  return ['usage: runbook <command> [options]', '', ...Object.values(commands).map((c) => '  runbook ' + c.summary), ''].join('\n');
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`runbook: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  try {
    await loadParsers();
    return await (await command.load())(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`runbook ${name}: ${err.message}\n`);
      return 2;
    }
    io.stderr(`runbook ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    ask: terminalAsk,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(String(err?.stack ?? err) + '\n');
      process.exitCode = 1;
    },
  );
}
