// The reference: a program in a tmux pane, driven with the same bytes, and seen as a person using tmux sees it: a tmux
// client attached in a PTY whose output feeds a headless terminal, like claude-tui's in the tests. (capture-pane is
// no reference: it leaves out the background of cells a program erased in colour, which mc's bars are made of.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {UserTerminal} from './terminal.js';

export class TmuxPane {
	private client: UserTerminal | undefined;

	private constructor(
		private readonly directory: string,
		private readonly server: string,
		private readonly env: NodeJS.ProcessEnv,
	) {}

	static async start(command: string[], options: {cols: number; rows: number; cwd: string; env: NodeJS.ProcessEnv}): Promise<TmuxPane> {
		const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'tmux-ref-'));
		const server = `claude-tui-ref-${process.pid}-${path.basename(directory)}`;
		const config = path.join(directory, 'tmux.conf');
		// The program sees the terminal claude-tui's sessions get, and tmux draws nothing of its own over it.
		fs.writeFileSync(config, 'set -g default-terminal xterm-256color\nset -g status off\nset -g escape-time 0\nset -g window-size latest\n');
		const env = {...options.env, TMUX: undefined};
		const quoted = command.map(word => `'${word.replaceAll('\'', '\'\\\'\'')}'`).join(' ');
		await execa('tmux', ['-L', server, '-f', config, 'new-session', '-d', '-x', String(options.cols), '-y', String(options.rows), '-c', options.cwd, quoted], {env});
		return new TmuxPane(directory, server, env);
	}

	/** A tmux client attached in a terminal of `cols` x `rows` (the pane takes its size, as a client's resize gives it). */
	attach(cols: number, rows: number): UserTerminal {
		this.client = new UserTerminal({command: 'tmux', args: ['-L', this.server, 'attach'], env: this.env, cols, rows});
		return this.client;
	}

	/** Types `bytes` into the program, exactly (send-keys -H). */
	async type(bytes: string): Promise<void> {
		const hex = [...Buffer.from(bytes, 'utf8')].map(byte => byte.toString(16).padStart(2, '0'));
		await execa('tmux', ['-L', this.server, 'send-keys', '-H', ...hex]);
	}

	async close(): Promise<void> {
		this.client?.kill();
		await execa('tmux', ['-L', this.server, 'kill-server'], {reject: false});
		fs.rmSync(this.directory, {recursive: true, force: true});
	}
}
