// Running claude-tui on another machine through OpenSSH: the command line we give ssh, and what its failures mean
// in words a person can act on. OpenSSH does everything else (keys, known_hosts, ProxyJump, ControlMaster, agents).
import type {HostConfig} from './config.js';

/** ssh's own bound on reaching a host (TCP connect and the banner), in seconds. */
export const sshConnectTimeoutSeconds = 4;

export type SshRun = {
	/** The ssh command's words (CLAUDE_TUI_SSH, the config's `ssh`, or `ssh`). */
	ssh: string[];
	host: HostConfig;
	/** claude-tui's arguments there (`bridge`, `history web`); each is quoted for the remote shell. */
	args: string[];
	/** Ask for a terminal there (`replay`, which reads keys and draws); the bridge never has one. */
	tty?: boolean;
};

/** The program and arguments that run `host.command ARGS…` on the host. */
export function sshInvocation({ssh, host, args, tty = false}: SshRun): {file: string; args: string[]} {
	const [file, ...own] = ssh;
	// The user's words come first: for ssh the first value given for an option wins, so theirs override ours.
	const options = [
		tty ? '-t' : '-T',
		// Never a prompt: the TUI owns the terminal, and a script has nobody to answer. Keys come from the agent.
		'-o', 'BatchMode=yes',
		'-o', `ConnectTimeout=${sshConnectTimeoutSeconds}`,
		// A link that went silent (sleep, a dropped network) ends within about 30 s, so it can be reconnected.
		'-o', 'ServerAliveInterval=15',
		'-o', 'ServerAliveCountMax=2',
	];
	// `command` is a shell command line of its own (it may set variables); the arguments are data.
	const remote = [host.command, ...args.map(argument => shellQuote(argument))].join(' ');
	return {file: file!, args: [...own, ...options, '--', host.ssh, remote]};
}

/** One word for a POSIX shell, whatever it holds. */
export function shellQuote(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll('\'', '\'\\\'\'')}'`;
}

export type SshFailure = {
	/** ssh's stderr (the remote shell's and claude-tui's there too). */
	stderr: string;
	/** Its exit code: 255 is ssh's own failure, 127 a command the remote shell could not find. */
	exitCode: number | null;
	/** We gave up waiting for an answer after this long. */
	timedOutAfterMs?: number;
};

/** What went wrong reaching `host`, and what to do about it, in one or two sentences starting with its name. */
export function describeSshFailure(host: HostConfig, {stderr, exitCode, timedOutAfterMs}: SshFailure): string {
	const said = stderr.split('\n').map(line => line.trim()).filter(line => line !== '' && !/^Warning: Permanently added/.test(line));
	const last = said.at(-1);
	const dest = host.ssh;
	const ours = said.find(line => line.startsWith('claude-tui: '));
	const name = `${host.name} (${dest})`;
	if (/REMOTE HOST IDENTIFICATION HAS CHANGED|host key for .* has changed/i.test(stderr)) {
		const offending = /Offending \S+ key in (\S+):(\d+)/.exec(stderr);
		const where = offending ? ` (line ${offending[2]} of ${offending[1]})` : '';
		return `${name}: its host key is not the one known_hosts has for it${where}. Someone may be intercepting the connection, or the host was reinstalled: check with its owner, then remove the old key (ssh-keygen -R) and connect once with \`ssh ${dest}\` to accept the new one.`;
	}

	if (/No \S+ host key is known for|Host key verification failed/i.test(stderr)) {
		return `${name}: its host key is not known here. Connect once with \`ssh ${dest}\` to check and accept it (claude-tui runs ssh in batch mode, so it cannot ask you).`;
	}

	if (/Permission denied \(/.test(stderr)) {
		return `${name}: it accepted none of the keys ssh offered. Add your public key to its ~/.ssh/authorized_keys (\`ssh-copy-id ${dest}\`), or load your key into the agent (\`ssh-add\`); claude-tui runs ssh in batch mode, so it cannot type a password or a passphrase.`;
	}

	if (exitCode === 127 || (exitCode !== 255 && ours === undefined && /command not found|No such file or directory|not found/i.test(stderr))) {
		return `${name}: \`${host.command}\` was not found there${last ? ` (${last})` : ''}. Install claude-tui on it, or set this host's "command" in the config file to its full path (a non-interactive ssh shell may not have the PATH of your login shell).`;
	}

	if (/Could not resolve hostname/i.test(stderr)) {
		return `${name}: ssh does not know that host name. Check "ssh" in this host's entry, or add it to ~/.ssh/config.`;
	}

	if (/Connection refused/i.test(stderr)) {
		return `${name}: it refused the connection: no ssh server listens there (is sshd running, is the port right?).`;
	}

	if (/No route to host|Network is unreachable/i.test(stderr)) {
		return `${name}: it is not reachable from here (${last}).`;
	}

	if (timedOutAfterMs !== undefined || /timed out/i.test(stderr)) {
		const within = timedOutAfterMs === undefined ? 'in time' : `within ${Math.round(timedOutAfterMs / 100) / 10} s`;
		return `${name}: it did not answer ${within} (down, asleep, or not reachable from here)${last ? `; ssh said: ${last}` : ''}.`;
	}

	if (ours) {
		return `${name}: claude-tui there said: ${ours.slice('claude-tui: '.length)}`;
	}

	if (last) {
		return `${name}: ssh failed${exitCode === null ? '' : ` (exit ${exitCode})`}: ${last}`;
	}

	return `${name}: the connection closed${exitCode === null ? '' : ` (ssh exited with ${exitCode})`}.`;
}
