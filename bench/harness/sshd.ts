// A private OpenSSH server on 127.0.0.1 for the tests and the bench: its own host key, its own authorized key, a
// free port, its own config (never the system's sshd or its service), run as the current user, stopped by pid.
import {type ChildProcess, execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {shellQuote} from '../../source/hosts/ssh.js';
import {childProcesses, processAlive} from './processes.js';

export const sshdProgram = '/usr/sbin/sshd';

/** Whether OpenSSH's server and client are installed (Debian: openssh-server). */
export function sshdInstalled(): boolean {
	try {
		execFileSync('ssh', ['-V'], {stdio: 'ignore'});
	} catch {
		return false;
	}

	return fs.existsSync(sshdProgram);
}

/**
A host's `command` that runs this checkout's claude-tui with the socket, state and config of `env`: the daemon
behind the test sshd stands for another machine's.
*/
export function claudeTuiCommandFor(env: NodeJS.ProcessEnv, cliPath: string): string {
	const settings = ['CLAUDE_TUI_SOCKET', 'XDG_STATE_HOME', 'XDG_CONFIG_HOME'].map(name => `${name}=${shellQuote(env[name]!)}`);
	return ['env', '-u', 'XDG_RUNTIME_DIR', ...settings, shellQuote(process.execPath), shellQuote(cliPath)].join(' ');
}

export type SshVariant = {
	/** Which host key the client's known_hosts holds: this server's (default), another one, or none. */
	knownHost?: 'right' | 'wrong' | 'none';
	/** Which key the client offers: the authorized one (default), or one the server does not know. */
	key?: 'authorized' | 'stranger';
};

export type TestSshd = {
	port: number;
	/** ssh://user@127.0.0.1:PORT, the current user (the port in the destination, so each host can have its own). */
	destination: string;
	/** An ssh command (for CLAUDE_TUI_SSH or the config's `ssh`) that reaches it with our key, checking its host key. */
	sshCommand: string;
	/** The same with another known_hosts or key, to see it refused. */
	sshCommandWith(variant: SshVariant): string;
	directory: string;
	pid: number;
	stop(): Promise<void>;
};

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address() as net.AddressInfo;
			server.close(() => {
				resolve(port);
			});
		});
	});
}

function keygen(file: string): string {
	execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'claude-tui-test', '-f', file], {stdio: 'ignore'});
	return fs.readFileSync(`${file}.pub`, 'utf8').trim();
}

export async function startTestSshd(directory: string): Promise<TestSshd> {
	fs.mkdirSync(directory, {recursive: true, mode: 0o700});
	const hostKey = path.join(directory, 'host_key');
	const userKey = path.join(directory, 'user_key');
	const hostPublic = keygen(hostKey);
	// Another server's key, and a client key nobody authorized.
	const otherPublic = keygen(path.join(directory, 'other_host_key'));
	const strangerKey = path.join(directory, 'stranger_key');
	keygen(strangerKey);
	fs.writeFileSync(path.join(directory, 'authorized_keys'), keygen(userKey) + '\n', {mode: 0o600});
	const user = os.userInfo().username;
	if (process.getuid?.() === 0) {
		// sshd started by root separates privileges into this empty directory (compiled in); its package makes it
		// at boot, which a container never had.
		fs.mkdirSync('/run/sshd', {recursive: true, mode: 0o755});
	}

	for (let attempt = 0; ; attempt++) {
		const port = await freePort();
		const config = path.join(directory, 'sshd_config');
		fs.writeFileSync(config, [
			`Port ${port}`,
			'ListenAddress 127.0.0.1',
			`HostKey ${hostKey}`,
			`AuthorizedKeysFile ${path.join(directory, 'authorized_keys')}`,
			`PidFile ${path.join(directory, 'sshd.pid')}`,
			// The temporary directory is not laid out as a home's .ssh would be.
			'StrictModes no',
			'PubkeyAuthentication yes',
			'PasswordAuthentication no',
			'KbdInteractiveAuthentication no',
			'UsePAM no',
			// Run as the current user, who may be root in a container.
			'PermitRootLogin prohibit-password',
			`AllowUsers ${user}`,
			'LogLevel ERROR',
			// bash run by sshd for a command reads ~/.bashrc unless it is a nested shell: this machine's user's
			// dotfiles (a pyenv that waits a minute on a lock, here) are not the host under test.
			'SetEnv SHLVL=1',
			'',
		].join('\n'));
		const child: ChildProcess = spawn(sshdProgram, ['-D', '-e', '-f', config], {stdio: ['ignore', 'ignore', 'pipe']});
		let log = '';
		child.stderr!.setEncoding('utf8');
		child.stderr!.on('data', (chunk: string) => {
			log += chunk;
		});
		const knownHostsFiles = {
			right: `[127.0.0.1]:${port} ${hostPublic}\n`,
			wrong: `[127.0.0.1]:${port} ${otherPublic}\n`,
			none: '',
		};
		for (const [which, text] of Object.entries(knownHostsFiles)) {
			fs.writeFileSync(path.join(directory, `known_hosts.${which}`), text, {mode: 0o600});
		}

		const sshCommandWith = ({knownHost = 'right', key = 'authorized'}: SshVariant) => [
			'ssh', '-F', '/dev/null', '-i', key === 'authorized' ? userKey : strangerKey,
			'-o', 'IdentitiesOnly=yes', '-o', `UserKnownHostsFile=${path.join(directory, `known_hosts.${knownHost}`)}`,
			'-o', 'StrictHostKeyChecking=yes', '-o', 'GlobalKnownHostsFile=/dev/null',
		].join(' ');
		const listening = await waitListening(port, child);
		if (!listening) {
			child.kill('SIGKILL');
			if (attempt < 3) {
				continue;
			}

			throw new Error(`sshd did not start: ${log}`);
		}

		const pid = child.pid!;
		return {
			port,
			destination: `ssh://${user}@127.0.0.1:${port}`,
			sshCommand: sshCommandWith({}),
			sshCommandWith,
			directory,
			pid,
			async stop() {
				// The listener first, then the processes serving connections that are still open.
				const serving = childProcesses(pid);
				child.kill('SIGTERM');
				for (const {pid: session} of serving) {
					try {
						process.kill(session, 'SIGTERM');
					} catch {}
				}

				const deadline = Date.now() + 3000;
				while (processAlive(pid) && Date.now() < deadline) {
					await delay(20);
				}

				if (processAlive(pid)) {
					child.kill('SIGKILL');
				}

				child.stderr?.destroy();
			},
		};
	}
}

/** Waits until something accepts on the port, or sshd exits (a port taken meanwhile). */
async function waitListening(port: number, child: ChildProcess): Promise<boolean> {
	const deadline = Date.now() + 10_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) {
			return false;
		}

		const open = await new Promise<boolean>(resolve => {
			const socket = net.createConnection(port, '127.0.0.1');
			socket.once('connect', () => {
				socket.destroy();
				resolve(true);
			});
			socket.once('error', () => {
				resolve(false);
			});
		});
		if (open) {
			return true;
		}

		await delay(20);
	}

	return false;
}
