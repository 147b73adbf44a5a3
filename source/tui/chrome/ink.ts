// The part of Ink the chrome uses: renderToString, Box and Text, loaded only when asked for (`loadInk`), so the TUI's
// first frame never waits for it: importing these three files measured 270 ms and 74 MB (Ink 6.8, this machine),
// and Ink's index, which also loads its live renderer (es-toolkit, ws, the input parser, ...), 605 ms and 91 MB.
// The chrome's components name the `Box` and `Text` below, which stand for Ink's: the light renderer (light.ts)
// draws the trees it knows without Ink at all, and Ink renders the rest once loaded. Ink's package exports only its
// index, so the files are found next to it; the types still come from the package.
import {createRequire} from 'node:module';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import type {ReactNode} from 'react';
import {jsx} from 'react/jsx-runtime';
import type * as Ink from 'ink';

type Loaded = {renderToString: typeof Ink.renderToString; Box: typeof Ink.Box; Text: typeof Ink.Text};

let loaded: Loaded | undefined;
let loading: Promise<void> | undefined;

/** Loads Ink's renderer (once; later calls share the first). */
export async function loadInk(): Promise<void> {
	loading ??= (async () => {
		const build = path.dirname(createRequire(import.meta.url).resolve('ink'));
		const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(path.join(build, file)).href) as {default: T}).default;
		const [renderToString, Box, Text] = await Promise.all([
			load<typeof Ink.renderToString>('render-to-string.js'),
			load<typeof Ink.Box>('components/Box.js'),
			load<typeof Ink.Text>('components/Text.js'),
		]);
		loaded = {renderToString, Box, Text};
	})();
	return loading;
}

/** Whether `loadInk` has finished. */
export function inkLoaded(): boolean {
	return loaded !== undefined;
}

/** Thrown by `inkRenderToString` before Ink is loaded: the frame that needs it waits for `loadInk`. */
export class InkNotLoadedError extends Error {
	constructor() {
		super('Ink is not loaded yet');
	}
}

export function inkRenderToString(...args: Parameters<typeof Ink.renderToString>): string {
	if (!loaded) {
		throw new InkNotLoadedError();
	}

	return loaded.renderToString(...args);
}

export type BoxProps = Ink.BoxProps & {children?: ReactNode};
export type TextProps = Ink.TextProps;

// Only rendered by Ink, so Ink is loaded whenever these run. React's JSX runtime makes their elements: React itself
// loads with Ink.
export function Box(props: BoxProps): ReactNode {
	return jsx(loaded!.Box, props);
}

export function Text(props: TextProps): ReactNode {
	return jsx(loaded!.Text, props);
}
