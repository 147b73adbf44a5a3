// `claude-tui explain SESSION`: which state a session is in, and which signal or screen rule decided it.
import {builtInProfiles, profileForCommand} from '../../agents/registry.js';
import {escapeControls} from '../../display-text.js';
import {formatDuration} from '../../format.js';
import type {SessionInfo, StateReason} from '../../protocol.js';
import {sessionClient, withClient} from '../connect.js';
import {defineCommand} from '../define.js';
import {describeState} from '../session-table.js';

export const command = defineCommand({
	usage: 'claude-tui explain SESSION [--json]',
	description: 'Say which state a session is in and which signal or screen rule decided it.',
	flags: {json: {type: 'boolean'}},
	flagHelp: ['--json              Print the state and its reason as JSON'],
	arity: [1, 1],
	async run({flags, inputs: [session = ''], socket, output}) {
		const info = await withClient(sessionClient(socket, session), async client => client.request('session.get', {session}));
		output.out(flags.json
			? JSON.stringify({name: info.name, id: info.id, state: info.state, stateReason: info.stateReason}, undefined, 2)
			: explanationText(info));
	},
});

const builtInNames = new Map(builtInProfiles.map(profile => [profile.id, profile.name]));

/** A few lines a person reads: the state, for how long, what decided it, and its detail. */
export function explanationText(info: SessionInfo, now = Date.now()): string {
	// Names, details, titles and commands come from programs and other processes: shown escaped, never acted on.
	return explanationLines(info, now).map(line => escapeControls(line)).join('\n');
}

function explanationLines(info: SessionInfo, now: number): string[] {
	const reason = info.stateReason;
	const since = Date.parse(reason.since);
	const lines = [`${info.name} (${info.id}): ${describeState(info)} for ${formatDuration((now - since) / 1000)}, since ${new Date(since).toLocaleTimeString()}`];
	lines.push(`  decided by  ${describeSignal(reason)}`);
	if (reason.detail !== undefined && reason.signal !== 'title' && reason.signal !== 'status' && reason.signal !== 'exit') {
		lines.push(`  detail      ${reason.detail}`);
	}

	// The daemon says whose rules and why; a daemon from before profiles in the config file did not, so guess as it would.
	const agent = reason.agentName ?? builtInNames.get(reason.agent) ?? reason.agent;
	const byCommand = reason.agentFrom ? reason.agentFrom === 'command' : profileForCommand(info.command).id === reason.agent;
	const chosen = byCommand ? `by the command, ${info.command}` : 'from what the screen shows';
	lines.push(`  rules       ${agent} (${reason.agent}), chosen ${chosen}`);
	return lines;
}

function describeSignal(reason: StateReason): string {
	switch (reason.signal) {
		case 'rule': {
			return reason.rule?.endsWith('.output') ? `output: the screen is changing (${reason.rule})` : `screen rule ${reason.rule ?? '?'}`;
		}

		case 'bell': {
			return 'the terminal bell (BEL) rang, with no prompt on screen: it asks for something';
		}

		case 'title': {
			return `the window title (OSC 0/2) "${reason.detail ?? ''}", rule ${reason.rule ?? '?'}`;
		}

		case 'notification': {
			return 'a desktop notification from the program (OSC 9 / 777 / 99)';
		}

		case 'progress': {
			return 'a progress report from the program (OSC 9;4)';
		}

		case 'status': {
			return `the program's own status report (OSC 7501): ${reason.detail ?? '?'}`;
		}

		case 'hook': {
			return 'a report from the program itself (`claude-tui report`, e.g. a Claude Code hook)';
		}

		case 'quiet': {
			return 'the screen has been still, and no rule says it is working or asking';
		}

		case 'kept': {
			return 'nothing now: no rule matches the screen, so the state stays what decided it last';
		}

		case 'exit': {
			return `the program ended (${reason.detail ?? 'exited'})`;
		}
	}
}
