// `claude-tui attach SESSION`: the session switcher, showing SESSION.
import {defineCommand} from '../define.js';
import {startTui, tuiFlagHelp, tuiFlags} from '../tui-flags.js';

export const command = defineCommand({
	usage: 'claude-tui attach SESSION [--read-only]',
	description: 'Open the session switcher focused on SESSION (HOST:SESSION for one on a host of the config file).',
	flags: tuiFlags,
	flagHelp: tuiFlagHelp,
	arity: [1, 1],
	async run(context) {
		await startTui(context, {embedded: false, session: context.inputs[0]});
	},
});
