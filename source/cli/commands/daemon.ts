// `claude-tui daemon`: the daemon, in the background (as tmux starts its server) or in this terminal.
import process from 'node:process';
import {daemonAnswers, spawnBackgroundDaemon, startDaemon} from '../../daemon/lifecycle.js';
import {DaemonRunningError} from '../../daemon/locks.js';
import {defineCommand} from '../define.js';

export const command = defineCommand({
	usage: 'claude-tui daemon [--foreground]',
	description: 'Start the daemon that owns the sessions. It starts in the background unless --foreground is given.',
	flags: {foreground: {type: 'boolean'}},
	flagHelp: ['--foreground        Stay in this terminal and log to stderr'],
	arity: [0, 0],
	async run({flags, socket, output}) {
		if (!flags.foreground) {
			if (await daemonAnswers(socket)) {
				throw new DaemonRunningError(`A daemon is already running on ${socket}`);
			}

			const {pid, log} = await spawnBackgroundDaemon(socket);
			output.out(`claude-tui daemon listening on ${socket} (pid ${pid}, log ${log})`);
			return;
		}

		const log = (message: string) => {
			process.stderr.write(`${new Date().toISOString()} ${message}\n`);
		};

		const daemon = await startDaemon({
			socket,
			log,
			onShutdown() {
				process.exit(0);
			},
		});
		for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
			process.on(signal, () => {
				void daemon.shutdown(`received ${signal}`);
			});
		}

		// The daemon must never die because of one bad request or child: log and carry on.
		process.on('uncaughtException', error => {
			log(`uncaught exception: ${error.stack ?? String(error)}`);
		});
		process.on('unhandledRejection', error => {
			log(`unhandled rejection: ${(error instanceof Error ? error.stack : undefined) ?? String(error)}`);
		});
	},
});
