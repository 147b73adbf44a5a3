// Makes media/screenshot.svg (and .png when rsvg-convert is installed) from a real run: a real daemon in a
// temporary directory, three sessions, the real claude-tui binary in a PTY, and its output fed into a headless
// xterm standing for the user's screen. The picture is that screen, cell by cell. Run: npm run screenshot
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import type xterm from '@xterm/headless';
import {installFakeClaude} from '../test/helpers/fake-claude.js';
import {makeSandbox} from '../test/helpers/sandbox.js';
import {cliPath, UserTerminal} from '../test/helpers/terminal.js';
import {cursorHidden} from '../source/xterm-internals.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const cols = 120;
const rows = 30;
const cellWidth = 8.4;
const cellHeight = 18;
const fontSize = 14;

// A dark theme's 16 colours (One Dark), then the standard 6x6x6 cube and grey ramp of 256-colour terminals.
const palette16 = [
	'#282c34', '#e06c75', '#98c379', '#e5c07b', '#61afef', '#c678dd', '#56b6c2', '#abb2bf',
	'#5c6370', '#e06c75', '#98c379', '#e5c07b', '#61afef', '#c678dd', '#56b6c2', '#ffffff',
];
const defaultForeground = '#abb2bf';
const defaultBackground = '#1e2127';

function paletteColour(index: number): string {
	if (index < 16) {
		return palette16[index]!;
	}

	if (index < 232) {
		const value = index - 16;
		const level = (n: number) => (n === 0 ? 0 : 55 + (n * 40));
		return rgb(level(Math.floor(value / 36)), level(Math.floor(value / 6) % 6), level(value % 6));
	}

	const grey = 8 + ((index - 232) * 10);
	return rgb(grey, grey, grey);
}

function rgb(red: number, green: number, blue: number): string {
	return '#' + [red, green, blue].map(part => part.toString(16).padStart(2, '0')).join('');
}

function colourOf(cell: xterm.IBufferCell, which: 'fg' | 'bg'): string | undefined {
	const isDefault = which === 'fg' ? cell.isFgDefault() : cell.isBgDefault();
	if (isDefault) {
		return undefined;
	}

	const value = which === 'fg' ? cell.getFgColor() : cell.getBgColor();
	const isRgb = which === 'fg' ? cell.isFgRGB() : cell.isBgRGB();
	return isRgb ? rgb((value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff) : paletteColour(value);
}

function cursorOf(terminal: xterm.Terminal): {x: number; y: number} | undefined {
	return cursorHidden(terminal) ? undefined : {x: terminal.buffer.active.cursorX, y: terminal.buffer.active.cursorY};
}

const escapeXml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** The screen as SVG: a background rect per coloured run, a text element per styled run. */
function toSvg(terminal: xterm.Terminal): string {
	const buffer = terminal.buffer.active;
	const parts: string[] = [];
	const width = Math.ceil(cols * cellWidth) + 24;
	const height = (rows * cellHeight) + 24;
	parts.push(
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
		`<rect width="100%" height="100%" rx="8" fill="${defaultBackground}"/>`,
		`<g transform="translate(12 12)" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="${fontSize}" xml:space="preserve">`,
	);
	for (let y = 0; y < rows; y++) {
		const line = buffer.getLine(buffer.viewportY + y);
		if (!line) {
			continue;
		}

		for (let x = 0; x < cols; x++) {
			const cell = line.getCell(x);
			if (!cell || cell.getWidth() === 0) {
				continue;
			}

			let fg = colourOf(cell, 'fg') ?? defaultForeground;
			let bg = colourOf(cell, 'bg');
			if (cell.isInverse()) {
				[fg, bg] = [bg ?? defaultBackground, fg];
			}

			const cellsWide = cell.getWidth();
			if (bg) {
				parts.push(`<rect x="${(x * cellWidth).toFixed(1)}" y="${y * cellHeight}" width="${(cellsWide * cellWidth + 0.5).toFixed(1)}" height="${cellHeight}" fill="${bg}"/>`);
			}

			const chars = cell.getChars();
			if (chars.trim() === '') {
				continue;
			}

			const weight = cell.isBold() ? ' font-weight="bold"' : '';
			const opacity = cell.isDim() ? ' opacity="0.6"' : '';
			const style = cell.isItalic() ? ' font-style="italic"' : '';
			parts.push(`<text x="${(x * cellWidth).toFixed(1)}" y="${(y * cellHeight) + 13}" fill="${fg}"${weight}${opacity}${style}>${escapeXml(chars)}</text>`);
		}
	}

	// The cursor, as a terminal draws it: a block where the program left it, when visible.
	const cursor = cursorOf(terminal);
	if (cursor) {
		parts.push(`<rect x="${(cursor.x * cellWidth).toFixed(1)}" y="${cursor.y * cellHeight}" width="${cellWidth}" height="${cellHeight}" fill="${defaultForeground}" opacity="0.7"/>`);
	}

	parts.push('</g>', '</svg>');
	return parts.join('\n') + '\n';
}

const sandbox = await makeSandbox({SHELL: '/bin/bash', PS1: '$ '});
// The scripted stand-in for Claude Code the tests use, installed as `claude`: it draws Claude Code's prompt box,
// spinner and permission dialog, so the sidebar shows real detected states.
const bin = installFakeClaude(sandbox.directory, {FAKE_AGENT_SPIN_MS: '600'});
sandbox.env['PATH'] = `${bin}:${sandbox.env['PATH'] ?? ''}`;
const cli = async (...args: string[]) => execa(process.execPath, [cliPath, ...args], {env: sandbox.env});
let tui: UserTerminal | undefined;
try {
	const shell = ['bash', '--norc', '--noprofile'];
	await cli('new', '--name', 'api-refactor', '--', 'claude');
	await cli('new', '--name', 'docs', '--', 'claude');
	await cli('new', '--name', 'tests', '--', ...shell);
	await cli('new', '--name', 'build', '--', 'sh', '-c', 'echo "compiling…"; echo "error: missing semicolon" >&2; exit 1');
	await cli('wait', 'api-refactor', '--until', 'idle', '--timeout', '20');
	await cli('send', 'api-refactor', '--enter', 'Refactor the request handlers into one module per route');
	await cli('wait', 'api-refactor', '--until', 'waiting', '--timeout', '20');
	await cli('send', 'tests', '--enter', 'PS1="$ "; clear; for i in $(seq 1 400); do printf "\\033[32m✔\\033[0m case %d passes\\n" $i; sleep 0.05; done');
	tui = new UserTerminal({args: [cliPath, 'attach', 'api-refactor'], env: sandbox.env, cols, rows});
	await tui.waitFor(screen => screen.includes('Do you want to proceed?') && /● tests/.test(screen) && /○ docs/.test(screen));
	const svgFile = path.join(here, 'screenshot.svg');
	fs.writeFileSync(svgFile, toSvg(tui.screen));
	console.log(`wrote ${svgFile}`);
	if (spawnSync('rsvg-convert', ['--version']).status === 0) {
		const pngFile = path.join(here, 'screenshot.png');
		execFileSync('rsvg-convert', ['--zoom', '1.5', svgFile, '-o', pngFile]);
		console.log(`wrote ${pngFile}`);
	} else {
		console.log('rsvg-convert not found (apt-get install librsvg2-bin): only the SVG was made');
	}

	tui.type('\u0002d');
	await tui.waitForExit();
} finally {
	tui?.kill();
	await sandbox.cleanup();
}
