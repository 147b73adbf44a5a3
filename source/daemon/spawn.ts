// What a session's child is started with: its executable found on PATH, and its environment.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';

/** The executable `command` names (a path, or a name looked up on PATH), or undefined when there is none. */
export function resolveCommand(command: string, searchPath: string, cwd: string): string | undefined {
	if (command.includes('/')) {
		const candidate = path.resolve(cwd, command);
		return isExecutable(candidate) ? candidate : undefined;
	}

	for (const directory of searchPath.split(path.delimiter)) {
		if (directory === '') {
			continue;
		}

		const candidate = path.join(directory, command);
		if (isExecutable(candidate)) {
			return candidate;
		}
	}

	return undefined;
}

function isExecutable(file: string): boolean {
	try {
		fs.accessSync(file, fs.constants.X_OK);
		return fs.statSync(file).isFile();
	} catch {
		return false;
	}
}

export type EnvironmentOptions = {
	base: NodeJS.ProcessEnv;
	extra: Record<string, string>;
	sessionId: string;
	socket: string;
};

export function sessionEnvironment({base, extra, sessionId, socket}: EnvironmentOptions): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(base)) {
		if (value !== undefined) {
			env[key] = value;
		}
	}

	// A daemon started from inside Claude Code would otherwise start nested sessions that refuse to run.
	delete env['CLAUDECODE'];
	Object.assign(env, extra, {
		TERM: 'xterm-256color',
		COLORTERM: 'truecolor',
		CLAUDE_TUI_SESSION: sessionId,
		CLAUDE_TUI_SOCKET: socket,
	});
	return env;
}

/** What a session runs when nobody says: Claude Code when it is installed, else the user's shell. */
export function defaultCommand(env: NodeJS.ProcessEnv): string {
	if (resolveCommand('claude', env['PATH'] ?? '', process.cwd())) {
		return 'claude';
	}

	return env['SHELL'] || '/bin/sh';
}
