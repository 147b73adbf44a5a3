// tmux as a bench subject: a private server (`tmux -L bench-<pid>-<n> -f /dev/null`), `tmux attach` as the
// client, a control-mode client (`tmux -C`) as the persistent control path.
import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process';
import {execa} from 'execa';
import {pollUntil, withDeadline} from '../harness/deadline.js';
import {OuterTerminal} from '../harness/outer-terminal.js';
import {processAlive} from '../harness/processes.js';
import {shellQuote} from '../../source/hosts/ssh.js';
import {splitCommandLine} from '../../source/tui/command-line.js';
import type {ControlChannel, Size, SshEndpoint, Subject, World, WorldContext} from './subject.js';

const prefix = '\u0002';
let worlds = 0;

export const tmux: Subject = {
	name: 'tmux',
	async version() {
		try {
			const {stdout} = await execa('tmux', ['-V']);
			return stdout.replace(/^tmux\s+/, '').trim();
		} catch {
			return undefined;
		}
	},
	async open(context) {
		return TmuxWorld.start(context);
	},
};

function cleanEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {...process.env, TERM: 'xterm-256color'};
	// Never talk to the tmux this bench may itself be running in.
	delete env['TMUX'];
	delete env['TMUX_PANE'];
	return env;
}

class TmuxWorld implements World {
	readonly subject = 'tmux' as const;
	// prefix ) is switch-client -n, the next session: the closest key to claude-tui's prefix Down.
	readonly nextSessionKeys = `${prefix})`;
	readonly detachKeys = `${prefix}d`;
	private readonly env = cleanEnv();
	private readonly baseArgs: string[];
	private readonly untrack: () => void;
	private pid: number | undefined;

	private constructor(
		private readonly context: WorldContext,
		readonly socketName: string,
	) {
		// -f /dev/null: tmux's defaults, not the user's configuration.
		this.baseArgs = ['-L', socketName, '-f', '/dev/null'];
		this.untrack = context.teardown.add(`tmux server ${socketName}`, async () => this.close());
	}

	static async start(context: WorldContext): Promise<TmuxWorld> {
		const world = new TmuxWorld(context, `bench-${process.pid}-${++worlds}`);
		// A server with no sessions that stays up; a killed session moves its clients to another one.
		await world.tmux('start-server', ';', 'set', '-s', 'exit-empty', 'off', ';', 'set', '-g', 'detach-on-destroy', 'off');
		return world;
	}

	async serverPid(): Promise<number> {
		this.pid ??= Number((await this.tmux('display-message', '-p', '#{pid}')).trim());
		return this.pid;
	}

	paneSize(outer: Size): Size {
		// The status line takes the last row.
		return {cols: outer.cols, rows: outer.rows - 1};
	}

	async createSession(name: string, command: string, args: string[], size: Size): Promise<void> {
		await this.tmux('new-session', '-d', '-s', name, '-x', String(size.cols), '-y', String(size.rows), '-c', this.context.cwd, '--', command, ...args);
	}

	async removeSession(name: string): Promise<void> {
		await this.tmux('kill-session', '-t', `=${name}`);
	}

	async type(name: string, text: string): Promise<void> {
		// Literal text, with each carriage return pressed as Enter.
		const parts = text.split('\r');
		for (const [index, part] of parts.entries()) {
			if (part !== '') {
				await this.tmux('send-keys', '-t', `=${name}:`, '-l', part);
			}

			if (index < parts.length - 1) {
				await this.tmux('send-keys', '-t', `=${name}:`, 'Enter');
			}
		}
	}

	async capture(name: string): Promise<string> {
		return this.tmux('capture-pane', '-p', '-t', `=${name}:`);
	}

	listCommand(): {command: string; args: string[]; env: NodeJS.ProcessEnv} {
		return {command: 'tmux', args: [...this.baseArgs, 'list-sessions'], env: this.env};
	}

	attach(name: string, outer: Size): OuterTerminal {
		const terminal = new OuterTerminal({command: 'tmux', args: [...this.baseArgs, 'attach-session', '-t', `=${name}`], ...outer, env: this.env, cwd: this.context.cwd});
		const untrack = this.context.teardown.add(`tmux client ${terminal.pid}`, async () => terminal.close());
		void terminal.exited.then(untrack);
		return terminal;
	}

	attachOverSsh(name: string, outer: Size, ssh: SshEndpoint): OuterTerminal {
		const [command, ...own] = splitCommandLine(ssh.sshCommand);
		// -t: the remote tmux client gets a terminal there, as a person's `ssh -t host tmux attach` does.
		const remote = ['tmux', ...this.baseArgs, 'attach-session', '-t', `=${name}`].map(word => shellQuote(word)).join(' ');
		const terminal = new OuterTerminal({command: command!, args: [...own, '-t', ssh.destination, remote], ...outer, env: this.env, cwd: this.context.cwd});
		const untrack = this.context.teardown.add(`tmux client over ssh ${terminal.pid}`, async () => terminal.close());
		void terminal.exited.then(untrack);
		return terminal;
	}

	async openControl(): Promise<ControlChannel> {
		// A control client must be attached to a session: an idle one of its own, which prints nothing.
		await this.createSession('bench-control', 'cat', [], {cols: 80, rows: 24});
		const child = spawn('tmux', [...this.baseArgs, '-C', 'attach-session', '-t', '=bench-control'], {env: this.env, cwd: this.context.cwd});
		const control = new TmuxControl(child);
		const untrack = this.context.teardown.add(`tmux control client ${child.pid}`, () => {
			control.close();
		});
		child.once('exit', untrack);
		await withDeadline(control.ready, 10_000, 'the tmux control client to attach');
		return control;
	}

	async close(): Promise<void> {
		this.untrack();
		const pid = this.pid ?? await this.serverPid().catch(() => undefined);
		await this.tmux('kill-server').catch(() => {});
		if (pid !== undefined) {
			try {
				await pollUntil(() => !processAlive(pid), {timeoutMs: 5000, what: 'the tmux server to stop'});
			} catch {
				try {
					process.kill(pid, 'SIGKILL');
				} catch {}
			}
		}
	}

	private async tmux(...args: string[]): Promise<string> {
		const result = await execa('tmux', [...this.baseArgs, ...args], {env: this.env, cwd: this.context.cwd, timeout: 30_000, reject: false});
		if (result.exitCode !== 0) {
			throw new Error(`tmux ${args.join(' ')} exited ${result.exitCode}: ${result.stderr}`);
		}

		return result.stdout;
	}
}

type Pending = {resolve: () => void; reject: (error: Error) => void; command: string};

/** A tmux control-mode client: each command's reply is a %begin … %end (or %error) block, in order. */
class TmuxControl implements ControlChannel {
	readonly roundTripDescription = '`display-message -p` through a tmux control-mode client (one more process hop than claude-tui\'s direct socket)';
	readonly ready: Promise<void>;
	private readonly pending: Pending[] = [];
	private readonly outputWaiters = new Set<(at: number) => void>();
	private buffered = '';
	private exited = false;

	constructor(private readonly child: ChildProcessWithoutNullStreams) {
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (chunk: string) => {
			this.receive(chunk);
		});
		child.stderr.resume();
		child.once('exit', code => {
			this.exited = true;
			for (const request of this.pending.splice(0)) {
				request.reject(new Error(`the tmux control client exited (${code}) before answering ${request.command}`));
			}
		});
		// The attach command itself is answered with the first block.
		this.ready = new Promise((resolve, reject) => {
			this.pending.push({resolve, reject, command: 'attach-session'});
		});
	}

	async roundTrip(): Promise<void> {
		await this.command('display-message -p pong');
	}

	async createUntilOutput(name: string, command: string, args: string[], size: Size): Promise<number> {
		const started = performance.now();
		// Not detached: the control client moves to the new session, so its pane's output reaches us as %output.
		const output = new Promise<number>(resolve => {
			this.outputWaiters.add(resolve);
		});
		await this.command(`new-session -s ${name} -x ${size.cols} -y ${size.rows} -- ${[command, ...args].map(quote).join(' ')}`);
		const at = await withDeadline(output, 10_000, `the first output of tmux session ${name}`);
		return at - started;
	}

	async removeSession(name: string): Promise<void> {
		await this.command(`kill-session -t =${name}`);
	}

	close(): void {
		if (!this.exited) {
			this.child.stdin.end();
			this.child.kill('SIGTERM');
		}
	}

	private async command(command: string): Promise<void> {
		if (this.exited) {
			throw new Error('the tmux control client has exited');
		}

		const answered = new Promise<void>((resolve, reject) => {
			this.pending.push({resolve, reject, command});
		});
		this.child.stdin.write(command + '\n');
		await withDeadline(answered, 10_000, `tmux to answer ${command}`);
	}

	private receive(chunk: string): void {
		const at = performance.now();
		this.buffered += chunk;
		let newline: number;
		while ((newline = this.buffered.indexOf('\n')) !== -1) {
			const line = this.buffered.slice(0, newline);
			this.buffered = this.buffered.slice(newline + 1);
			if (line.startsWith('%end ') || line.startsWith('%error ')) {
				const request = this.pending.shift();
				if (line.startsWith('%end ')) {
					request?.resolve();
				} else {
					request?.reject(new Error(`tmux refused ${request.command}`));
				}
			} else if (line.startsWith('%output ')) {
				for (const waiter of this.outputWaiters) {
					waiter(at);
				}

				this.outputWaiters.clear();
			}
		}
	}
}

function quote(word: string): string {
	return /^[\w./=-]+$/.test(word) ? word : `'${word.replaceAll('\'', '\'\\\'\'')}'`;
}
