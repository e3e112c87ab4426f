import { WHATIF_MSG } from './messages';

/** The API's limit on posted YAML (apps/api whatif.schemas.ts MAX_MANIFEST_BYTES). */
export const MAX_MANIFEST_BYTES = 512 * 1024;

export interface ManifestFile {
  name: string;
  text: string;
}

export const byteLength = (s: string) => new TextEncoder().encode(s).length;

/**
 * Typed text and uploaded files as one multi-document YAML body, in the order shown, each file marked by
 * a comment with its name (the API numbers documents across the whole body). Blank parts are left out.
 */
export function combineManifests(typed: string, files: readonly ManifestFile[]): string {
  const parts: string[] = [];
  if (typed.trim()) parts.push(typed.trim());
  for (const f of files) if (f.text.trim()) parts.push(`# file: ${f.name}\n${f.text.trim()}`);
  return parts.join('\n---\n');
}

/** Why the body cannot be sent as it is, or null. */
export function manifestProblem(body: string): string | null {
  if (!body.trim()) return WHATIF_MSG.emptyInput;
  const bytes = byteLength(body);
  return bytes > MAX_MANIFEST_BYTES ? WHATIF_MSG.tooLarge(bytes, MAX_MANIFEST_BYTES) : null;
}
