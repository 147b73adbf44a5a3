// A directory with an executable named `claude` that runs the scripted fake agent: put it first on a daemon's
// PATH and `claude-tui new -- claude` starts the fake as the daemon would start Claude Code (hooks included).
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const fakeAgentPath = fileURLToPath(new URL('../fixtures/fake-agent.mjs', import.meta.url));

/** Writes `<directory>/bin/claude` and returns the bin directory. `env` is fixed into the wrapper. */
export function installFakeClaude(directory: string, env: Record<string, string> = {}): string {
	const bin = path.join(directory, 'bin');
	fs.mkdirSync(bin, {recursive: true});
	const assignments = Object.entries(env).map(([key, value]) => `${key}='${value.replaceAll("'", `'\\''`)}'`).join(' ');
	fs.writeFileSync(
		path.join(bin, 'claude'),
		`#!/bin/sh\nexec env ${assignments} '${process.execPath}' '${fakeAgentPath}' "$@"\n`,
		{mode: 0o755},
	);
	return bin;
}
