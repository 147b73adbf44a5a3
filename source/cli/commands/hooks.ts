// `claude-tui hooks`: the Claude Code settings claude-tui passes to the sessions it starts as `claude`.
import {claudeHookSettings} from '../../agents/claude-code.js';
import {hookReportCommand} from '../../state/hooks.js';
import {defineCommand} from '../define.js';

export const command = defineCommand({
	usage: 'claude-tui hooks',
	description: 'Print the Claude Code settings (hooks only) that claude-tui passes to sessions started as `claude`. For Claude started another way inside a session: claude --settings "$(claude-tui hooks)".',
	flags: {},
	arity: [0, 0],
	run({output}) {
		output.out(JSON.stringify(claudeHookSettings({reportCommand: hookReportCommand()})));
	},
});
