import fs from 'node:fs';

const packageJson = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string; description: string};

export const version = packageJson.version;

/** The package's one-line description, which heads the command's help. */
export const description = packageJson.description;
