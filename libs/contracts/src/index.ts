/** Types and schemas shared by the agent, the API, the web UI and the CLI. No I/O. */
export * from './ingest';
export * from './ingest-parse';
export * from './live';
export * from './alert-rules';
