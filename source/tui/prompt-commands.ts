// Carrying out a command from the prompt (prefix :) as its key or its `claude-tui` command would be: a session by
// name through the daemon's own lookup, the rest as the prefix key table's actions.
import type {SessionInfo} from '../protocol.js';
import type {Action} from './bindings.js';
import type {PromptCommand} from './command-prompt.js';
import type {TuiHost} from './host.js';
import {expandHome} from './path-complete.js';

// The commands that are a prefix key's action, carried out as the key is.
const actions: Partial<Record<PromptCommand['type'], Action>> = {
	detach: 'detach',
	'copy-mode': 'copy-mode',
	paste: 'paste',
	sidebar: 'toggle-sidebar',
	help: 'help',
};

const changing = new Set<PromptCommand['type']>(['new', 'rename', 'kill', 'remove', 'restore', 'send', 'paste']);

export function runPromptCommand(command: PromptCommand, host: TuiHost): void {
	if (host.readOnly && changing.has(command.type)) {
		host.flash(`Read-only: ${command.type} would change a session`);
		return;
	}

	const action = actions[command.type];
	if (action) {
		host.perform(action);
		return;
	}

	const failed = (error: Error) => {
		host.flash(error.message);
	};

	const target = async (reference: string | undefined): Promise<SessionInfo> => {
		if (reference !== undefined) {
			return host.client.request('session.get', {session: reference});
		}

		const selected = host.store.selectedInfo;
		if (!selected) {
			throw new Error('No session selected');
		}

		return selected;
	};

	const {client} = host;
	switch (command.type) {
		case 'new': {
			host.createSession({name: command.name, cwd: command.cwd === undefined ? undefined : expandHome(command.cwd), command: command.command, args: command.args});
			break;
		}

		case 'rename': {
			target(command.session).then(async session => client.request('session.rename', {session: session.id, name: command.name})).catch(failed);
			break;
		}

		case 'kill': {
			target(command.session).then(async session => client.request('session.kill', {session: session.id, signal: command.signal})).catch(failed);
			break;
		}

		case 'remove': {
			target(command.session).then(async session => client.request('session.remove', {session: session.id})).catch(failed);
			break;
		}

		case 'restore': {
			target(command.session).then(session => {
				host.restoreSession(session);
			}).catch(failed);
			break;
		}

		case 'send': {
			target(command.session).then(async session => client.request('session.input', {session: session.id, data: command.text + (command.enter ? '\r' : '')})).catch(failed);
			break;
		}

		case 'select': {
			target(command.session).then(session => {
				host.select(session.id);
			}).catch(failed);
			break;
		}

		default:
	}
}
