// The part of Ink the chrome uses: renderToString, Box and Text. Ink's index also loads its live renderer (es-toolkit,
// ws, the input parser, ...), which the TUI never runs: importing these three files alone measured 270 ms and 74 MB
// against 605 ms and 91 MB for 'ink' (Ink 6.8, this machine). Ink's package exports only its index, so the files are
// found next to it; the types still come from the package.
import {createRequire} from 'node:module';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import type * as Ink from 'ink';

const build = path.dirname(createRequire(import.meta.url).resolve('ink'));
const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(path.join(build, file)).href) as {default: T}).default;

export const renderToString: typeof Ink.renderToString = await load('render-to-string.js');
export const Box: typeof Ink.Box = await load('components/Box.js');
export const Text: typeof Ink.Text = await load('components/Text.js');
