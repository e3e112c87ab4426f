import * as fs from 'node:fs';
import { resolvePath } from './args';
import { usageError } from './errors';
import type { Io } from './io';
import { msg } from './messages';

/** The result goes to --output FILE when given (relative to the caller's cwd), else to stdout. */
export function writeResult(io: Io, text: string, output?: string): void {
  if (output === undefined) {
    io.stdout.write(text);
    return;
  }
  try {
    fs.writeFileSync(resolvePath(io.cwd, output), text);
  } catch (e) {
    throw usageError(msg.cannotWrite(output, (e as Error).message));
  }
}
