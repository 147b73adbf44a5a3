// Chrome is rendered to strings and pasted beside the pane by the compositor, so every line must be exactly
// as wide as its slot: Ink trims trailing spaces and may overflow, and one cell off shifts the whole pane.
import type {ReactElement} from 'react';
import {inkRenderToString} from './ink.js';
import {renderLight} from './light.js';
import {escapeControls} from '../../display-text.js';
import {codePointWidth} from '../../terminal/unicode.js';
import {cutAnsi, textWidth} from '../ansi-width.js';

/**
Renders `element` at `width` columns; every line comes back exactly `width` cells wide. The light renderer draws what
it can (the sidebar and the status bar) without Ink; the rest needs Ink loaded (`loadInk`), else this throws
InkNotLoadedError.
*/
export function renderChrome(element: ReactElement, width: number): string[] {
	const columns = Math.max(1, Math.floor(width));
	const light = width >= 1 ? renderLight(element, columns) : undefined;
	return (light ?? inkRenderToString(element, {columns}).split('\n')).map(line => fitAnsi(line, width));
}

/** Pads (with spaces) or cuts an ANSI string to exactly `width` visible cells. */
export function fitAnsi(line: string, width: number): string {
	if (width <= 0) {
		return '';
	}

	const fitted = cutAnsi(line, width);
	return fitted.text + ' '.repeat(width - fitted.width);
}

/** Plain text cut to at most `width` cells, with an ellipsis where it was cut. */
export function truncate(text: string, width: number, position: 'start' | 'end' | 'middle' = 'end'): string {
	if (width <= 0) {
		return '';
	}

	// Control and bidi characters would move the cursor, reorder the line or be dropped by Ink: shown escaped.
	const clean = escapeControls(text);
	if (textWidth(clean) <= width) {
		return clean;
	}

	// As cli-truncate cuts (the ellipsis at the end, the start or the middle), by whole characters, so a wide one
	// at the cut never takes the text a cell over the width.
	const characters = charactersOf(clean);
	const head = (cells: number) => take(characters, cells).join('');
	const tail = (cells: number) => take(characters.toReversed(), cells).toReversed().join('');
	if (position === 'start') {
		return '…' + tail(width - 1);
	}

	if (position === 'middle') {
		const half = Math.floor(width / 2);
		return head(half) + '…' + tail(width - half - 1);
	}

	return head(width - 1) + '…';
}

type Character = {text: string; width: number};

/** Plain text as characters, each with its combining marks, and the cells each takes. */
function charactersOf(text: string): Character[] {
	const characters: Character[] = [];
	for (const char of text) {
		const width = codePointWidth(char.codePointAt(0)!);
		const last = characters.at(-1);
		if (width === 0 && last) {
			last.text += char;
		} else {
			characters.push({text: char, width});
		}
	}

	return characters;
}

/** The first characters that fit in `cells`. */
function take(characters: Character[], cells: number): string[] {
	const taken: string[] = [];
	let used = 0;
	for (const {text, width} of characters) {
		if (used + width > cells) {
			break;
		}

		taken.push(text);
		used += width;
	}

	return taken;
}

/** Plain text cut or padded to exactly `width` cells. */
export function cell(text: string, width: number, position: 'start' | 'end' | 'middle' = 'end'): string {
	const cut = truncate(text, width, position);
	return cut + ' '.repeat(Math.max(0, width - textWidth(cut)));
}
