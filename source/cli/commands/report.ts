// `claude-tui report STATE`: what the program in this session is doing, told to the daemon (made for hooks; those
// claude-tui installs run state/report-main.js, which skips the command line altogether).
import process from 'node:process';
import {report, ReportUsageError} from '../../state/report.js';
import {defineCommand} from '../define.js';
import {errorMessage, UsageError} from '../errors.js';

export const command = defineCommand({
	usage: 'claude-tui report STATE [--event EVENT]',
	description: 'Tell the daemon what the program in this session is doing: busy, waiting or idle. Made for hooks (claude-tui passes Claude Code its own): it reports for $CLAUDE_TUI_SESSION to $CLAUDE_TUI_SOCKET, reads a Claude Code hook payload from stdin when one is piped in, never starts a daemon, gives up after 2 s, and exits 0 even when it could not report.',
	flags: {event: {type: 'string'}},
	flagHelp: ['--event EVENT       What happened (e.g. the hook event, Stop); shown by `claude-tui explain`'],
	arity: [1, 1],
	async run({flags, inputs: [state = ''], socket}) {
		try {
			const outcome = await report({
				state,
				event: flags.event,
				// The socket the command line chose ($CLAUDE_TUI_SOCKET unless --socket says otherwise).
				env: {...process.env, CLAUDE_TUI_SOCKET: socket},
				stdin: process.stdin,
			});
			if (!outcome.ok) {
				process.stderr.write(`claude-tui report: ${outcome.message}\n`);
			}
		} catch (error) {
			if (error instanceof ReportUsageError) {
				throw new UsageError(error.message);
			}

			// Never fail loudly: a hook that fails must not disturb the agent.
			process.stderr.write(`claude-tui report: ${errorMessage(error)}\n`);
		}
	},
});
