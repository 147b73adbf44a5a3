// `claude-tui`: the session switcher.
import {defineCommand} from '../define.js';
import {startTui, tuiFlagHelp, tuiFlags} from '../tui-flags.js';

export const command = defineCommand({
	usage: 'claude-tui [options]',
	description: 'Open the session switcher: a sidebar of sessions and the live screen of the selected one.',
	flags: {embedded: {type: 'boolean'}, ...tuiFlags},
	flagHelp: [
		'--embedded          Run the daemon inside this process; its sessions end when the TUI exits',
		...tuiFlagHelp,
	],
	arity: [0, 0],
	async run(context) {
		const {embedded, ...flags} = context.flags;
		await startTui({...context, flags}, {embedded, session: undefined});
	},
});
