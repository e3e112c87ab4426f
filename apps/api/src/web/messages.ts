/** Messages of the web UI's static serving. */
export const WEB_MSG = {
  notBuilt: (dist: string) =>
    `The Reachwatch web UI is not built (no ${dist}/index.html). Build it with \`npm run build -w @reachwatch/web\`; \`npm start\` builds it by itself.\n`,
};
