// Another machine, for real, on this one: a private sshd on 127.0.0.1 (bench/harness/sshd.ts) and a second daemon
// with its own socket and state that `claude-tui bridge` reaches through it, as `ssh HOST claude-tui bridge`
// would on a remote host. The local sandbox's config file lists it under `hosts`.
import fs from 'node:fs';
import path from 'node:path';
import {claudeTuiCommandFor, startTestSshd, type TestSshd} from '../../bench/harness/sshd.js';
import {cliPath, makeDaemonSandbox, type DaemonSandbox} from './daemon.js';

export {sshdInstalled} from '../../bench/harness/sshd.js';

export type HostEntry = {name: string; ssh?: string; command?: string};

export class HostWorld {
	private constructor(
		/** This machine: the TUI and the commands run here, with their own daemon. */
		readonly local: DaemonSandbox,
		/** The host's daemon, its socket and state apart from ours. */
		readonly remote: DaemonSandbox,
		readonly sshd: TestSshd,
	) {}

	static async start(): Promise<HostWorld> {
		const local = await makeDaemonSandbox();
		const remote = await makeDaemonSandbox();
		const sshd = await startTestSshd(path.join(local.directory, 'sshd'));
		return new HostWorld(local, remote, sshd);
	}

	/** How the host runs claude-tui: the built CLI, pointed at the remote sandbox's socket, state and config. */
	get hostCommand(): string {
		return claudeTuiCommandFor(this.remote.env, cliPath);
	}

	/** A host entry that reaches the remote daemon (name gpu unless told). */
	host(overrides: Partial<HostEntry> = {}): HostEntry {
		return {name: 'gpu', ssh: this.sshd.destination, command: this.hostCommand, ...overrides};
	}

	/** Writes the local config file: these hosts, and our sshd's ssh command unless one is given. */
	configure(hosts: HostEntry[], extra: Record<string, unknown> = {}): void {
		const file = path.join(this.local.env['XDG_CONFIG_HOME']!, 'claude-tui', 'config.json');
		fs.mkdirSync(path.dirname(file), {recursive: true});
		fs.writeFileSync(file, JSON.stringify({ssh: this.sshd.sshCommand, hosts, ...extra}, undefined, 2));
	}

	async cleanup(): Promise<void> {
		await this.sshd.stop();
		await this.local.cleanup();
		await this.remote.cleanup();
	}
}
