// `claude-tui send SESSION TEXT…`: typing into a session.
import {sessionClient, withClient} from '../connect.js';
import {defineCommand} from '../define.js';
import {UsageError} from '../errors.js';

export const command = defineCommand({
	usage: 'claude-tui send SESSION [--enter] TEXT…',
	description: 'Type TEXT into a session, as if at its keyboard (words are joined by spaces).',
	flags: {enter: {type: 'boolean', short: 'e'}},
	flagHelp: ['--enter, -e         Press Enter after the text'],
	arity: [1, Number.POSITIVE_INFINITY],
	async run({flags, inputs: [session = '', ...text], socket}) {
		if (text.length === 0 && !flags.enter) {
			throw new UsageError('Nothing to send: give some text, --enter, or both');
		}

		const data = text.join(' ') + (flags.enter ? '\r' : '');
		await withClient(sessionClient(socket, session), async client => client.request('session.input', {session, data}));
	},
});
