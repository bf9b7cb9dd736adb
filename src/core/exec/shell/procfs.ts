// The few facts about processes that the process tree needs, read from Linux's /proc. Every read
// fails soft: a process can exit between two reads, which is the normal case, not an error.
import { closeSync, openSync, readSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface ProcStat {
  pid: number;
  comm: string;
  /** R, S, D, T, Z (zombie), X (dead)… */
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  /** Clock ticks after boot: with the pid, it names one process even after the pid is reused. */
  startTime: string;
}

/** Parses /proc/PID/stat. `comm` may hold spaces and ')' itself, so the last ')' ends it. */
export function parseStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  // After the comm, field n of proc(5) is rest[n - 3].
  const rest = text.slice(close + 2).split(' ');
  if (rest.length < 20) return undefined;
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    state: rest[0],
    ppid: Number(rest[1]),
    pgrp: Number(rest[2]),
    session: Number(rest[3]),
    startTime: rest[19],
  };
}

/**
 * Whether `pid` was allocated after `after` and no later than `last`, counting as the kernel
 * does: upwards, wrapping round at pid_max.
 */
export function allocatedBetween(pid: number, after: number, last: number): boolean {
  return last >= after ? pid > after && pid <= last : pid > after || pid <= last;
}

/** Whether each /proc root could be read, asked once per process: it does not change. */
const availability = new Map<string, boolean>();

/** A stat line is at most ~1 KB (a 64-byte comm and 52 numbers). */
const small = Buffer.alloc(4096);

export class ProcFs {
  /** Whether the kernel lists a task's children (CONFIG_PROC_CHILDREN); learnt on first use. */
  private childrenFiles: boolean | undefined;

  constructor(readonly root = '/proc') {}

  /** Whether there is a /proc to read at all (not on macOS or Windows). */
  available(): boolean {
    let known = availability.get(this.root);
    if (known === undefined) availability.set(this.root, (known = this.readSmall('self/stat') !== undefined));
    return known;
  }

  stat(pid: number): ProcStat | undefined {
    const text = this.readSmall(`${pid}/stat`);
    return text === undefined ? undefined : parseStat(text);
  }

  /** Every pid in /proc. */
  pids(): number[] {
    let names: string[];
    try {
      names = readdirSync(this.root);
    } catch {
      return [];
    }
    const pids: number[] = [];
    for (const name of names) {
      const c = name.charCodeAt(0);
      if (c >= 48 && c <= 57) pids.push(Number(name));
    }
    return pids;
  }

  /**
   * The children of `pid`, from each of its threads' `children` file (a thread that forks is the
   * parent, not the process's main thread). Undefined when the kernel has no such files.
   */
  children(pid: number): number[] | undefined {
    if (this.childrenFiles === false) return undefined;
    let tids: string[];
    try {
      tids = readdirSync(`${this.root}/${pid}/task`);
    } catch {
      return [];
    }
    const found: number[] = [];
    for (const tid of tids) {
      let text: string;
      try {
        text = readFileSync(`${this.root}/${pid}/task/${tid}/children`, 'latin1');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' && this.childrenFiles === undefined && this.stat(pid)) {
          this.childrenFiles = false;
          return undefined;
        }
        continue;
      }
      this.childrenFiles = true;
      for (const word of text.split(' ')) if (word) found.push(Number(word));
    }
    return found;
  }

  /** Whether the process's environment (as it was at exec) holds `needle`. */
  environHas(pid: number, needle: Buffer): boolean {
    try {
      return readFileSync(`${this.root}/${pid}/environ`).includes(needle);
    } catch {
      return false;
    }
  }

  /** What the process's open file descriptors point at: `pipe:[123]`, paths, sockets. */
  fdTargets(pid: number | 'self'): string[] {
    let fds: string[];
    try {
      fds = readdirSync(`${this.root}/${pid}/fd`);
    } catch {
      return [];
    }
    const targets: string[] = [];
    for (const fd of fds) {
      try {
        targets.push(readlinkSync(`${this.root}/${pid}/fd/${fd}`));
      } catch {
        /* closed meanwhile */
      }
    }
    return targets;
  }

  fdTarget(pid: number | 'self', fd: number): string | undefined {
    try {
      return readlinkSync(`${this.root}/${pid}/fd/${fd}`);
    } catch {
      return undefined;
    }
  }

  /** The pid the kernel allocated last in this pid namespace (the last field of loadavg). */
  lastPid(): number | undefined {
    const last = Number(this.readSmall('loadavg')?.trim().split(' ').pop());
    return Number.isInteger(last) && last > 0 ? last : undefined;
  }

  /**
   * A short file in one read: fewer system calls than readFileSync, which must stat and read to
   * EOF (it matters at the end of every cell, where this runs for the processes created meanwhile).
   */
  private readSmall(path: string): string | undefined {
    let fd: number;
    try {
      fd = openSync(`${this.root}/${path}`, 'r');
    } catch {
      return undefined;
    }
    try {
      const n = readSync(fd, small, 0, small.length, null);
      return small.toString('latin1', 0, n);
    } catch {
      return undefined;
    } finally {
      closeSync(fd);
    }
  }
}
