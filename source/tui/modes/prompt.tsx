// prefix :: a command line for claude-tui's commands (command-prompt.ts parses it, prompt-commands.ts runs it).
import React from 'react';
import {CommandPrompt} from '../chrome/prompts.js';
import {renderChrome} from '../chrome/render.js';
import {parsePromptCommand, type PromptCommand} from '../command-prompt.js';
import {editLine} from '../line-editor.js';
import {runPromptCommand} from '../prompt-commands.js';
import {isCancel, isEnter, type ModeBehavior, type ModeOf} from './mode.js';

export const promptMode: ModeBehavior<ModeOf<'prompt'>> = {
	key(mode, key, host) {
		if (isCancel(key) || (key.ctrl && key.name === 'g')) {
			host.setMode({type: 'pane'});
		} else if (isEnter(key)) {
			let command: PromptCommand;
			try {
				command = parsePromptCommand(mode.line.text);
			} catch (error) {
				host.setMode({...mode, error: (error as Error).message});
				return;
			}

			host.setMode({type: 'pane'});
			runPromptCommand(command, host);
		} else {
			const line = editLine(mode.line, key);
			if (line) {
				host.setMode({...mode, line, error: undefined});
			}
		}
	},
	overlay: (mode, width) => renderChrome(<CommandPrompt width={width} value={mode.line.text} cursor={mode.line.cursor} error={mode.error} />, width),
};
