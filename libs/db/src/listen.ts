import { Client } from 'pg';

export interface Listener {
  /** Stops listening and closes the connection. */
  close(): Promise<void>;
}

export interface ListenOptions {
  /** Called after a lost connection was re-established: notifications in between are lost, so re-read. */
  onReconnect?: () => void;
  /** Connection problems (the listener keeps retrying). Default: ignored. */
  onError?: (err: Error) => void;
}

/**
 * LISTENs on `channel` over a dedicated connection and calls onPayload for each NOTIFY. Reconnects with
 * backoff (0.1 s doubling to 5 s) when the connection drops. Resolves once the first LISTEN is active,
 * so a NOTIFY committed after `await listen(...)` is received.
 */
export async function listen(url: string, channel: string, onPayload: (payload: string) => void, options: ListenOptions = {}): Promise<Listener> {
  let client: Client | undefined;
  let closed = false;
  let delay = 100;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const c = new Client({ connectionString: url });
    c.on('notification', (msg) => {
      if (msg.channel === channel) onPayload(msg.payload ?? '');
    });
    c.on('error', (err) => {
      options.onError?.(err);
      retry(c);
    });
    c.on('end', () => retry(c));
    await c.connect();
    await c.query(`LISTEN ${c.escapeIdentifier(channel)}`);
    if (closed) {
      await c.end();
      return;
    }
    client = c;
    delay = 100;
  };

  const retry = (dead: Client) => {
    if (closed || client !== dead) return;
    client = undefined;
    dead.end().catch(() => undefined);
    const attempt = () => {
      timer = undefined;
      if (closed) return;
      connect().then(
        () => options.onReconnect?.(),
        (err: Error) => {
          options.onError?.(err);
          delay = Math.min(delay * 2, 5000);
          timer = setTimeout(attempt, delay);
        },
      );
    };
    timer = setTimeout(attempt, delay);
  };

  await connect();
  return {
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}
