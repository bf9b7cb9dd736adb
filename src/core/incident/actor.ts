// Who is acting: a configured override, else git's `user.name` for the workspace, else the OS user.
import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';

export function resolveActor(opts: { override?: string; cwd: string; env?: NodeJS.ProcessEnv }): string {
  const override = opts.override?.trim();
  if (override) return override;
  const fromGit = gitUserName(opts.cwd);
  if (fromGit) return fromGit;
  try {
    const name = userInfo().username;
    if (name) return name;
  } catch {
    // No passwd entry (some containers): fall through to the environment.
  }
  const env = opts.env ?? process.env;
  return env.USER || env.USERNAME || 'unknown';
}

function gitUserName(cwd: string): string | undefined {
  try {
    const out = execFileSync('git', ['config', 'user.name'], { cwd, encoding: 'utf8', timeout: 3000, stdio: ['ignore', 'pipe', 'ignore'] });
    return out.trim() || undefined;
  } catch {
    return undefined; // git missing, not a repository, or no user.name
  }
}
