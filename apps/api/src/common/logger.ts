/**
 * The API's log: one JSON object a line. Nothing that reaches a logger may carry credentials; callers
 * pass chosen fields only (never headers, bodies or query strings).
 */
export interface ApiLogger {
  info(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export const jsonLineLogger: ApiLogger = {
  info: (event, fields) => process.stdout.write(line('info', event, fields)),
  error: (event, fields) => process.stderr.write(line('error', event, fields)),
};

export const silentLogger: ApiLogger = { info: () => undefined, error: () => undefined };

function line(level: string, event: string, fields: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`;
}
