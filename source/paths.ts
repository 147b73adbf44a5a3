// Where claude-tui keeps its socket, state and config (the readme's "Files").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type PathOptions = {
	socket?: string | undefined;
	env?: NodeJS.ProcessEnv;
};

export function socketPath({socket, env = process.env}: PathOptions = {}): string {
	if (socket) {
		return path.resolve(socket);
	}

	if (env['CLAUDE_TUI_SOCKET']) {
		return path.resolve(env['CLAUDE_TUI_SOCKET']);
	}

	if (env['XDG_RUNTIME_DIR']) {
		return path.join(env['XDG_RUNTIME_DIR'], 'claude-tui', 'daemon.sock');
	}

	return path.join(os.tmpdir(), `claude-tui-${process.getuid?.() ?? 0}`, 'daemon.sock');
}

export function stateDirectory(env: NodeJS.ProcessEnv = process.env): string {
	const base = env['XDG_STATE_HOME'] || path.join(os.homedir(), '.local', 'state');
	return path.join(base, 'claude-tui');
}

export function configFile(env: NodeJS.ProcessEnv = process.env): string {
	const base = env['XDG_CONFIG_HOME'] || path.join(os.homedir(), '.config');
	return path.join(base, 'claude-tui', 'config.json');
}

export class UnsafeDirectoryError extends Error {}

/**
Create the socket's directory as 0700, or check an existing one the way tmux does: it must be ours and
closed to group and others, or anyone could connect to our sessions.
*/
export function ensurePrivateDirectory(directory: string): void {
	fs.mkdirSync(directory, {recursive: true, mode: 0o700});
	checkPrivateDirectory(directory);
}

/**
The check alone, for clients: a socket in a directory others control could be anyone's daemon. The directory itself
is looked at, never what a symbolic link points to: in /tmp another user can make one, and swap its target between
this check and the connect. (The daemon and the client also check each other's uid on every connection.)
*/
export function checkPrivateDirectory(directory: string): void {
	const stat = fs.lstatSync(directory);
	if (stat.isSymbolicLink()) {
		throw new UnsafeDirectoryError(`${directory} is a symbolic link; refusing to use it (whoever can change the link can point it at another daemon); remove it or choose another --socket`);
	}

	if (!stat.isDirectory()) {
		throw new UnsafeDirectoryError(`${directory} is not a directory`);
	}

	const uid = process.getuid?.();
	if (uid !== undefined && stat.uid !== uid) {
		throw new UnsafeDirectoryError(`${directory} belongs to another user (uid ${stat.uid}); refusing to use it`);
	}

	if ((stat.mode & 0o077) !== 0) {
		throw new UnsafeDirectoryError(
			`${directory} is open to group or others (mode ${(stat.mode & 0o777).toString(8)}); run \`chmod 700 ${directory}\` or choose another --socket`,
		);
	}
}
