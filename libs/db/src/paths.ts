import fs from 'node:fs';
import path from 'node:path';

/** The repository root: the folder holding nx.json above this file (cwd if there is none). */
export function repoRoot(): string {
  let dir = __dirname;
  while (path.dirname(dir) !== dir) {
    if (fs.existsSync(path.join(dir, 'nx.json'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

export function migrationsDir(): string {
  return path.join(repoRoot(), 'prisma', 'migrations');
}
