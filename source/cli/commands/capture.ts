// `claude-tui capture SESSION`: a session's screen, as text or with its colours.
import {sessionClient, withClient} from '../connect.js';
import {defineCommand} from '../define.js';
import {UsageError} from '../errors.js';

export const command = defineCommand({
	usage: 'claude-tui capture SESSION [--ansi] [--scrollback N]',
	description: 'Print the session\'s screen.',
	flags: {
		ansi: {type: 'boolean', short: 'a'},
		scrollback: {type: 'number', default: 0},
	},
	flagHelp: ['--ansi, -a          Keep colours and attributes as escape sequences', '--scrollback N      Include up to N lines of history above the screen'],
	arity: [1, 1],
	async run({flags, inputs: [session = ''], socket, output}) {
		if (!Number.isInteger(flags.scrollback) || flags.scrollback < 0) {
			throw new UsageError('--scrollback takes a whole number of lines, e.g. --scrollback 100');
		}

		const {text} = await withClient(sessionClient(socket, session), async client => client.request('session.capture', {
			session,
			format: flags.ansi ? 'ansi' : 'text',
			scrollback: flags.scrollback,
		}));
		// Each line of an ANSI capture ends in the default style already: nothing to reset after it.
		output.out(text);
	},
});
