/**
 * The `reachwatch` command: dispatch to a command, map errors to exit codes. `run` is the whole program
 * with its I/O passed in, so tests run it in-process; `main` binds it to the real process.
 */
import { analyzeCommand } from './commands/analyze';
import { diffCommand } from './commands/diff';
import { explainCommand } from './commands/explain';
import { reportCommand } from './commands/report';
import { CliError, EXIT } from './errors';
import type { Io } from './io';
import { PROGRAM_HELP, msg } from './messages';

import { version as VERSION } from '../package.json';

const COMMANDS: Record<string, (argv: string[], io: Io) => number | Promise<number>> = {
  analyze: analyzeCommand,
  explain: explainCommand,
  diff: diffCommand,
  report: reportCommand,
};

/** Runs one command line (without the program name) and returns its exit code. Never throws. */
export async function run(argv: string[], io: Io): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined) {
      io.stderr.write(PROGRAM_HELP);
      return EXIT.USAGE;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      if (rest[0] && COMMANDS[rest[0]]) return await COMMANDS[rest[0]](['--help'], io);
      io.stdout.write(PROGRAM_HELP);
      return EXIT.OK;
    }
    if (first === '--version' || first === '-V' || first === 'version') {
      io.stdout.write(`reachwatch ${VERSION}\n`);
      return EXIT.OK;
    }
    const command = COMMANDS[first];
    if (!command) {
      throw new CliError(first.startsWith('-') ? msg.unknownOption(first, '') : msg.unknownCommand(first), EXIT.USAGE, msg.helpHint());
    }
    return await command(rest, io);
  } catch (e) {
    return report(e, io);
  }
}

function report(e: unknown, io: Io): number {
  if (e instanceof CliError) {
    io.stderr.write(`reachwatch: ${e.message}\n${e.hint ? `${e.hint}\n` : ''}`);
    return e.exitCode;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  io.stderr.write(`reachwatch: ${msg.internal(err.message)}\n`);
  io.stderr.write(io.env.REACHWATCH_DEBUG === '1' ? `${err.stack ?? ''}\n` : `${msg.debugHint()}\n`);
  return EXIT.INTERNAL;
}

/** The real process: argv, stdout/stderr, cwd. Sets process.exitCode (never process.exit: pipes drain). */
export function main(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    // `reachwatch analyze … | head`: the reader went away; that is not an error of ours.
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const io: Io = {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: callerCwd(),
    env: process.env,
  };
  void run(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}

/**
 * The directory the user typed the command in. `npm run reachwatch -- …` runs scripts from the package
 * root and leaves the original directory in INIT_CWD; `npx reachwatch` and the bin itself keep the cwd.
 */
function callerCwd(): string {
  if (process.env.npm_lifecycle_event === 'reachwatch' && process.env.INIT_CWD) return process.env.INIT_CWD;
  return process.cwd();
}
