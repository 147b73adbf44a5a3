// prefix , or $: the selected session's name, edited in place; Enter asks the daemon (which may refuse it).
import React from 'react';
import {RenamePrompt} from '../chrome/prompts.js';
import {renderChrome} from '../chrome/render.js';
import {editLine} from '../line-editor.js';
import {isCancel, isEnter, type ModeBehavior, type ModeOf} from './mode.js';

export const renameMode: ModeBehavior<ModeOf<'rename'>> = {
	key(mode, key, host) {
		if (isCancel(key)) {
			host.setMode({type: 'pane'});
		} else if (isEnter(key)) {
			host.client.request('session.rename', {session: mode.sessionId, name: mode.line.text}).then(
				() => {
					host.setMode({type: 'pane'});
				},
				(error: Error) => {
					host.setMode({...mode, error: error.message});
				},
			);
		} else {
			// A paste's brackets are not part of a name.
			const line = key.name === 'paste-start' ? undefined : editLine(mode.line, key);
			if (line) {
				host.setMode({...mode, line, error: undefined});
			}
		}
	},
	overlay: (mode, width) => renderChrome(<RenamePrompt width={width} value={mode.line.text} cursor={mode.line.cursor} error={mode.error} />, width),
};
