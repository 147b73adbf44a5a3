// The config file's `hosts` (other machines whose daemons claude-tui reaches over SSH) and `ssh` (the ssh command),
// checked field by field so a mistake is named.
import {splitCommandLine} from '../tui/command-line.js';

export type HostConfig = {
	/** What the host is called here: `gpu` in `gpu:SESSION`, the sidebar's group, `ls`'s HOST column. */
	name: string;
	/** An ssh destination: a ~/.ssh/config alias or user@host. */
	ssh: string;
	/** How to run claude-tui there, as a shell command line (default `claude-tui`); `bridge` is added to it. */
	command: string;
};

export type HostsConfig = {
	hosts?: HostConfig[];
	/** The ssh command, as git's GIT_SSH_COMMAND: words split as a shell would (quotes work), no expansion. */
	ssh?: string;
};

/** What sessions of this machine are listed under, where hosts are shown. A host may not take it. */
export const localHostName = 'local';

// A host name sits before the colon of HOST:SESSION, in ls's columns and the sidebar: a word, no colon.
const hostNamePattern = /^[A-Za-z0-9][\w.-]{0,31}$/;

/** Picks `hosts` and `ssh` out of a parsed config object; `invalid` makes the error for a bad one. */
export function parseHostsConfig(config: Record<string, unknown>, invalid: (message: string) => Error): HostsConfig {
	const result: HostsConfig = {};
	const ssh = config['ssh'];
	if (ssh !== undefined) {
		if (typeof ssh !== 'string' || ssh.trim() === '') {
			throw invalid('"ssh" must be the ssh command, e.g. "ssh" or "ssh -F ~/.ssh/work_config"');
		}

		result.ssh = ssh;
	}

	const hosts = config['hosts'];
	if (hosts === undefined) {
		return result;
	}

	if (!Array.isArray(hosts)) {
		throw invalid('"hosts" must be a list, e.g. [{"name": "gpu", "ssh": "gpu-box"}]');
	}

	const seen = new Set<string>();
	result.hosts = hosts.map((entry: unknown, index) => {
		const where = `hosts[${index}]`;
		if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
			throw invalid(`${where} must be an object like {"name": "gpu", "ssh": "gpu-box", "command": "claude-tui"}`);
		}

		const fields = entry as Record<string, unknown>;
		for (const key of Object.keys(fields)) {
			if (!['name', 'ssh', 'command'].includes(key)) {
				throw invalid(`${where}: unknown field "${key}" (a host has name, ssh and command)`);
			}
		}

		const {name, ssh: destination, command} = fields;
		if (typeof name !== 'string' || !hostNamePattern.test(name)) {
			throw invalid(`${where}.name must be a short word (letters, digits, . _ -), e.g. "gpu"`);
		}

		if (name === localHostName) {
			throw invalid(`${where}.name: "${localHostName}" stands for this machine; call the host something else`);
		}

		if (seen.has(name)) {
			throw invalid(`${where}.name: another host is already called "${name}"`);
		}

		seen.add(name);
		if (typeof destination !== 'string' || destination.trim() === '' || destination.startsWith('-') || /\s/.test(destination)) {
			throw invalid(`${where}.ssh must be an ssh destination, e.g. "gpu-box" (from ~/.ssh/config) or "me@10.0.0.7"`);
		}

		if (command !== undefined && (typeof command !== 'string' || command.trim() === '')) {
			throw invalid(`${where}.command must be how to run claude-tui there, e.g. "claude-tui" or "~/.npm-global/bin/claude-tui"`);
		}

		return {name, ssh: destination, command: (command as string | undefined) ?? 'claude-tui'};
	});
	return result;
}

/** The ssh command's words: $CLAUDE_TUI_SSH, else the config's `ssh`, else `ssh`. */
export function sshCommandWords(config: HostsConfig, env: NodeJS.ProcessEnv = process.env): string[] {
	const line = env['CLAUDE_TUI_SSH']?.trim() || config.ssh || 'ssh';
	const words = splitCommandLine(line);
	if (words.length === 0) {
		throw new Error('CLAUDE_TUI_SSH (or "ssh" in the config file) is empty');
	}

	return words;
}
