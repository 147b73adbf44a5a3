// Copy mode (prefix [, the mouse wheel, a drag): the keys and the mouse go to its CopySession, which the mode
// carries (leaving the mode closes it); the prefix leaves it and is a prefix again.
import {copyText} from '../clipboard.js';
import type {CopyKeys} from '../copy-keys.js';
import {CopySession} from '../copy-session.js';
import type {TuiHost} from '../host.js';
import {decodeKeys, sameKey} from '../keys.js';
import {toPane} from '../mouse.js';
import type {PaneScreen} from '../pane.js';
import type {ModeBehavior, ModeOf} from './mode.js';

export type CopyModeOptions = {
	keys: CopyKeys;
	/** The wheel report that opened it (it leaves again at the bottom), if the wheel did. */
	wheel?: string | undefined;
	/** Its rows or its label changed: the chrome is drawn again. */
	changed: () => void;
	/** Writes to the user's terminal (the copy's OSC 52). */
	write: (bytes: string) => void;
};

/** Copy mode over `pane`: its rows arrive from the daemon, and keys typed meanwhile wait for them. */
export function openCopyMode(host: TuiHost, pane: PaneScreen, {keys, wheel, changed, write}: CopyModeOptions): CopySession {
	const copy: CopySession = new CopySession({
		client: host.client,
		sessionId: pane.sessionId,
		keys,
		height: host.layout.paneRows,
		cursor: pane.cursor,
		exitAtBottom: wheel !== undefined,
		onChange: changed,
		onExit: () => {
			if (host.mode.type === 'copy' && host.mode.copy === copy) {
				host.setMode({type: 'pane'});
			}
		},
		onCopy: text => {
			copyText(text, host, write);
		},
		onError: message => {
			host.flash(message);
		},
	});
	host.setMode({type: 'copy', copy});
	if (wheel !== undefined) {
		copy.mouse(wheel);
	}

	return copy;
}

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
