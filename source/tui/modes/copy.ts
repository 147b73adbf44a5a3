// Copy mode (prefix [, the mouse wheel, a drag): the keys and the mouse go to its CopySession, which the mode
// carries (leaving the mode closes it); the prefix leaves it and is a prefix again.
import {decodeKeys, sameKey} from '../keys.js';
import {toPane} from '../mouse.js';
import type {ModeBehavior, ModeOf} from './mode.js';

export const copyMode: ModeBehavior<ModeOf<'copy'>> = {
	input(mode, data, host) {
		const keys = decodeKeys(data);
		for (const [index, key] of keys.entries()) {
			if (sameKey(key, host.prefixKey)) {
				// prefix n, prefix d work from here as from the pane.
				host.setMode({type: 'pane'});
				host.input(keys.slice(index).map(next => next.sequence).join(''));
				return;
			}

			if (key.name === 'mouse') {
				const inPane = toPane(key.sequence, host.layout.paneX);
				if (inPane !== undefined) {
					mode.copy.mouse(inPane);
				}
			} else {
				mode.copy.key(key);
			}

			if (host.mode !== mode) {
				host.input(keys.slice(index + 1).map(next => next.sequence).join(''));
				return;
			}
		}
	},
	label: mode => mode.copy.label,
};
