// `claude-tui kill SESSION`: a signal to a session's process; the session stays listed as exited.
import {sessionClient, withClient} from '../connect.js';
import {defineCommand} from '../define.js';

export const command = defineCommand({
	usage: 'claude-tui kill SESSION [--signal SIG]',
	description: 'Send a signal to the session\'s process (default SIGHUP, as when its terminal closes). The session stays listed as exited.',
	flags: {signal: {type: 'string', short: 's', default: 'SIGHUP'}},
	flagHelp: ['--signal, -s SIG    Signal name, e.g. SIGTERM, INT, KILL'],
	arity: [1, 1],
	async run({flags, inputs: [session = ''], socket}) {
		await withClient(sessionClient(socket, session), async client => client.request('session.kill', {session, signal: flags.signal}));
	},
});
