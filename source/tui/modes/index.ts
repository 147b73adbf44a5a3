// Every mode's behaviour, by its type, and the routing of keys to the mode that is on.
import {decodeKeys} from '../keys.js';
import type {TuiHost} from '../host.js';
import {confirmMode} from './confirm.js';
import {copyMode} from './copy.js';
import {helpMode} from './help.js';
import type {Mode, ModeBehavior, ModeOf} from './mode.js';
import {newSessionMode} from './new-session.js';
import {promptMode} from './prompt.js';
import {renameMode} from './rename.js';
import {sidebarMode} from './sidebar.js';

// The pane's input is the controller's own (the prefix machine, then the session): nothing to add here.
const behaviors: {[T in Mode['type']]: ModeBehavior<ModeOf<T>>} = {
	pane: {},
	copy: copyMode,
	sidebar: sidebarMode,
	help: helpMode,
	new: newSessionMode,
	rename: renameMode,
	prompt: promptMode,
	confirm: confirmMode,
};

export function behaviorOf<M extends Mode>(mode: M): ModeBehavior<M> {
	// The map's type ties each type to its behaviour; indexing by a union loses that, so it is said once here.
	return behaviors[mode.type] as ModeBehavior<M>;
}

/**
Input for a mode that reads keys one at a time. A key that leaves for a mode that reads input whole (the pane, copy
mode) hands the rest of the read to `host.input`: it was typed after leaving.
*/
export function keyInput(data: string, host: TuiHost): void {
	const keys = decodeKeys(data);
	for (const [index, key] of keys.entries()) {
		const {mode} = host;
		const behavior = behaviorOf(mode);
		if (!behavior.key) {
			host.input(keys.slice(index).map(next => next.sequence).join(''));
			return;
		}

		const swallow = behavior.swallowsRest?.(mode) ?? false;
		behavior.key(mode, key, host);
		if (swallow) {
			return;
		}
	}
}
