// What programs and other processes chose (directories, commands, arguments, reported details, names) never reaches
// the user's terminal as control or bidi characters: `ls`, `explain` and the sidebar show them escaped, and `ls`
// lines its columns up by display width.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import React from 'react';
import type {SessionInfo} from '../../source/protocol.js';
import {loadInk} from '../../source/tui/chrome/ink.js';
import {renderChrome} from '../../source/tui/chrome/render.js';
import {Sidebar} from '../../source/tui/chrome/sidebar.js';
import {displayWidth, escapeControls} from '../../source/display-text.js';
import {makeDaemonSandbox, type DaemonSandbox} from '../helpers/daemon.js';

await loadInk();

// ESC (an OSC that retitles the window), BEL, a C1 CSI, a C1 OSC, and a right-to-left override.
const hostile = 'x\u001B]0;owned\u0007\u009B2J\u009D0;t\u009C\u202Eevil';
const escaped = String.raw`x\x1B]0;owned\x07\x9B2J\x9D0;t\x9C\u202Eevil`;
// Nothing a terminal acts on, bar the newlines between lines (and SGR from Ink, for the sidebar).
const raw = /[\u0000-\u0009\u000B-\u001A\u001C-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|\u001B(?!\[[\d;]*m)/u;

test('escapeControls shows C0, DEL, C1 and bidi controls as escapes and leaves the rest', () => {
	assert.equal(escapeControls(hostile), escaped);
	assert.equal(escapeControls('tab\there\u007F\u2066'), String.raw`tab\x09here\x7F\u2066`);
	assert.equal(escapeControls('日本語 é ✳ 🙂'), '日本語 é ✳ 🙂');
});

describe('ls and explain', () => {
	let sandbox: DaemonSandbox;
	let directory: string;
	before(async () => {
		sandbox = await makeDaemonSandbox();
		directory = path.join(sandbox.directory, hostile);
		fs.mkdirSync(directory);
		await sandbox.startForeground();
	});
	after(async () => {
		await sandbox.cleanup();
	});

	test('ls shows the directory, command and arguments escaped, columns lined up by display width', async () => {
		const client = await sandbox.connect();
		await client.request('session.create', {name: '日本語', command: 'sh', args: ['-c', 'exec sleep 60', hostile], cwd: directory});
		await client.request('session.create', {name: 'plain', command: 'sh', args: ['-c', 'exec sleep 60'], cwd: sandbox.directory});
		const listed = await sandbox.ok(['ls']);
		assert.doesNotMatch(listed, raw);
		const lines = listed.split('\n');
		const wide = lines.find(line => line.startsWith('日本語'));
		assert.ok(wide?.includes(escaped), listed);
		assert.ok(wide?.endsWith(`sh -c exec sleep 60 ${escaped}`), listed);
		// The ID column starts at the same terminal column on every line.
		const idColumn = (line: string) => displayWidth(line.slice(0, line.search(/\s[\da-f]{8}\s|\sID\s/u) + 1));
		assert.deepEqual(lines.map(line => idColumn(line)), lines.map(() => idColumn(lines[0]!)));
	});

	test('explain shows a reported detail escaped', async () => {
		const client = await sandbox.connect();
		await client.request('session.report', {session: 'plain', state: 'waiting', detail: hostile});
		const explained = await sandbox.ok(['explain', 'plain']);
		assert.doesNotMatch(explained, raw);
		assert.match(explained, new RegExp(`detail +${escaped.replaceAll(/[\\[\]()^$.|?*+{}]/g, String.raw`\$&`)}$`, 'm'));
	});
});

test('the sidebar shows a directory with C1 and bidi controls escaped', () => {
	const info = {
		id: 's1', name: 'agent', command: 'sh', args: [], cwd: `/srv/${hostile}`, pid: 1, status: 'running', exitCode: undefined, signal: undefined,
		cols: 80, rows: 24, title: '', bell: false, createdAt: '2025-01-01T00:00:00.000Z', exitedAt: undefined, clients: 0, state: 'busy',
		stateReason: {signal: 'rule', rule: 'x', agent: 'generic', since: '2025-01-01T00:00:00.000Z'},
	} satisfies SessionInfo;
	const lines = renderChrome(<Sidebar sessions={[info]} selectedId="s1" focused={false} width={70} height={6} attention={new Set()} home="/home/ada" />, 70);
	const text = lines.join('\n');
	assert.doesNotMatch(text, raw);
	assert.ok(text.includes(String.raw`\x9B2J`), text);
});
