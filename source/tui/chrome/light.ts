// The light renderer: draws the chrome trees made of fixed-size boxes and lines already cut to fit (the sidebar, its
// strip, the status bar) straight to strings, without Ink. Ink costs 270 ms to load and milliseconds a render; these
// trees are a few styled spans a row. It draws what Ink draws, cell for cell (test/tui/chrome-light.test.tsx compares
// the two): a cell's colours are the innermost Text's that sets them, bold and dim are on where any enclosing Text
// turns them on (chalk's nesting). Anything else (wrapping, overflow, flex growth, a colour that is not a name,
// components with hooks) returns undefined, and Ink renders it.
import process from 'node:process';
import type {ReactElement, ReactNode} from 'react';
import {textWidth} from '../ansi-width.js';
import {Box, Text, type BoxProps, type TextProps} from './ink.js';

type Style = {color?: string | undefined; background?: string | undefined; bold: boolean; dim: boolean};

type Span = {text: string; style: Style};

// One row of the drawn area: spans side by side.
type Row = Span[];

class Unsupported extends Error {}

// React's Fragment, without loading React for it (Ink loads it, after the first frame).
const fragment = Symbol.for('react.fragment');

// chalk's named colours (ansi-styles): foreground codes; backgrounds are ten more.
const colourCodes: Record<string, number> = {
	black: 30, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, white: 37,
	blackBright: 90, gray: 90, grey: 90, redBright: 91, greenBright: 92, yellowBright: 93, blueBright: 94, magentaBright: 95, cyanBright: 96, whiteBright: 97,
};

// chalk draws no colour when FORCE_COLOR says so or the terminal is dumb; the TUI runs only on a terminal.
const colourful = !['0', 'false'].includes(process.env['FORCE_COLOR'] ?? '') && process.env['TERM'] !== 'dumb';

/** The element's rows, each exactly `width` cells, or undefined when Ink has to render it. */
export function renderLight(element: ReactElement, width: number): string[] | undefined {
	try {
		const rows = layout(element, width, undefined);
		return rows.map(row => serialize(row, width));
	} catch (error) {
		if (error instanceof Unsupported) {
			return undefined;
		}

		throw error;
	}
}

function isElement(node: unknown): node is ReactElement<Record<string, unknown>> {
	return typeof node === 'object' && node !== null && 'type' in node && 'props' in node && '$$typeof' in node;
}

/** A function component's output (ours are plain functions of their props); Box and Text are handled by the caller. */
function expand(element: ReactElement<Record<string, unknown>>): ReactNode {
	const {type} = element;
	if ((type as unknown) === fragment) {
		return element.props['children'] as ReactNode;
	}

	if (typeof type !== 'function' || (type.prototype as {isReactComponent?: unknown} | undefined)?.isReactComponent) {
		throw new Unsupported();
	}

	try {
		return (type as (props: unknown) => ReactNode)(element.props);
	} catch {
		// A component that needs React to run it (hooks): Ink runs it, and throws whatever it throws.
		throw new Unsupported();
	}
}

function children(node: ReactNode): ReactNode[] {
	if (Array.isArray(node)) {
		return node.flatMap(child => children(child as ReactNode));
	}

	return node === undefined || node === null || typeof node === 'boolean' ? [] : [node];
}

/** The rows a node takes at `width` columns (a block: a Box, or a Text as a block of its own). */
function layout(node: ReactNode, width: number, height: number | undefined): Row[] {
	const nodes = children(node);
	if (nodes.length !== 1) {
		throw new Unsupported();
	}

	const [only] = nodes;
	if (!isElement(only)) {
		throw new Unsupported();
	}

	if (only.type === Text) {
		return textBlock(only.props as TextProps, width);
	}

	if (only.type === Box) {
		return box(only.props as BoxProps, width, height);
	}

	return layout(expand(only), width, height);
}

const allowedBoxProps = new Set(['children', 'flexDirection', 'width', 'height']);

function box(props: BoxProps, parentWidth: number, parentHeight: number | undefined): Row[] {
	if (Object.keys(props).some(key => !allowedBoxProps.has(key)) || typeof props.width !== 'number' || typeof props.height !== 'number') {
		throw new Unsupported();
	}

	const {width, height} = props;
	if (width > parentWidth || (parentHeight !== undefined && height > parentHeight) || width < 0 || height < 0) {
		throw new Unsupported();
	}

	const items = children(props.children).flatMap(child => isElement(child) && child.type !== Text && child.type !== Box ? children(expand(child)) : [child]);
	const direction = props.flexDirection ?? 'row';
	const rows: Row[] = Array.from({length: height}, () => []);
	if (direction === 'column') {
		let y = 0;
		for (const item of items) {
			for (const row of layout(item, width, undefined)) {
				if (y >= height) {
					throw new Unsupported();
				}

				rows[y++] = row;
			}
		}
	} else if (direction === 'row') {
		let x = 0;
		for (const item of items) {
			// Side by side: boxes of a fixed width, or one text alone.
			if (!isElement(item) || (item.type !== Box && (item.type !== Text || items.length > 1))) {
				throw new Unsupported();
			}

			const itemWidth = item.type === Text ? width : (item.props as BoxProps).width;
			if (typeof itemWidth !== 'number' || x + itemWidth > width) {
				throw new Unsupported();
			}

			const itemRows = layout(item, itemWidth, height);
			if (itemRows.length > height) {
				throw new Unsupported();
			}

			for (const [y, row] of itemRows.entries()) {
				rows[y] = [...pad(rows[y]!, x), ...row];
			}

			x += itemWidth;
		}
	} else {
		throw new Unsupported();
	}

	return rows;
}

/** The cells a row's spans take. */
function rowWidth(row: Row): number {
	return row.reduce((sum, span) => sum + textWidth(span.text), 0);
}

function pad(row: Row, width: number): Row {
	const used = rowWidth(row);
	return used < width ? [...row, {text: ' '.repeat(width - used), style: {bold: false, dim: false}}] : row;
}

const allowedTextProps = new Set(['children', 'color', 'backgroundColor', 'bold', 'dimColor', 'wrap']);

/** A Text as a block: its lines, each no wider than `width` (Ink would wrap or cut a wider one: not drawn here). */
function textBlock(props: TextProps, width: number): Row[] {
	const spans: Span[] = [];
	inline(props, {bold: false, dim: false}, spans);
	const rows: Row[] = [[]];
	for (const span of spans) {
		for (const [index, line] of span.text.split('\n').entries()) {
			if (index > 0) {
				rows.push([]);
			}

			if (line !== '') {
				rows.at(-1)!.push({text: line, style: span.style});
			}
		}
	}

	for (const row of rows) {
		const used = rowWidth(row);
		// An empty line takes no row in Ink's layout; a wide one is wrapped or cut.
		if (used === 0 || used > width) {
			throw new Unsupported();
		}
	}

	return rows;
}

function inline(props: TextProps, outer: Style, spans: Span[]): void {
	if (Object.keys(props).some(key => !allowedTextProps.has(key))) {
		throw new Unsupported();
	}

	const style: Style = {
		color: colour(props.color) ?? outer.color,
		background: colour(props.backgroundColor) ?? outer.background,
		bold: outer.bold || props.bold === true,
		dim: outer.dim || props.dimColor === true,
	};
	for (const child of children(props.children)) {
		if (typeof child === 'string' || typeof child === 'number') {
			spans.push({text: String(child), style});
		} else if (isElement(child) && child.type === Text) {
			inline(child.props as TextProps, style, spans);
		} else if (isElement(child) && child.type !== Box) {
			for (const expanded of children(expand(child))) {
				if (!isElement(expanded) || expanded.type !== Text) {
					throw new Unsupported();
				}

				inline(expanded.props as TextProps, style, spans);
			}
		} else {
			throw new Unsupported();
		}
	}
}

function colour(name: string | undefined): string | undefined {
	if (name === undefined || name === '') {
		return undefined;
	}

	if (!(name in colourCodes)) {
		throw new Unsupported();
	}

	return name;
}

/** A row as the compositor takes it: styled spans, each ending in the default style, padded to `width`. */
function serialize(row: Row, width: number): string {
	let text = '';
	let used = 0;
	for (const span of row) {
		used += textWidth(span.text);
		text += colourful ? styled(span) : span.text;
	}

	return text + ' '.repeat(Math.max(0, width - used));
}

/** One SGR sequence per attribute, as chalk writes them, the colour last; each closed after the span. */
function styled({text, style}: Span): string {
	let open = '';
	let close = '';
	if (style.background !== undefined) {
		open += `\u001B[${colourCodes[style.background]! + 10}m`;
		close = '\u001B[49m' + close;
	}

	if (style.bold || style.dim) {
		open += (style.bold ? '\u001B[1m' : '') + (style.dim ? '\u001B[2m' : '');
		close = '\u001B[22m' + close;
	}

	if (style.color !== undefined) {
		open += `\u001B[${colourCodes[style.color]!}m`;
		close = '\u001B[39m' + close;
	}

	return open + text + close;
}
