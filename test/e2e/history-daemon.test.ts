// History end to end: a real daemon in a temporary directory records real sessions on PTYs; it is killed, restarted,
// and the sessions come back; the CLI replays, prints and searches what was recorded.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {execa} from 'execa';
import xterm from '@xterm/headless';
import {recordingFiles} from '../../source/history/asciicast.js';
import {openCast, readCastHeader} from '../../source/history/cast-reader.js';
import {lastScreen} from '../../source/history/last-screen.js';
import type {SessionRecord} from '../../source/history/records.js';
import type {DaemonStatus, SessionInfo} from '../../source/protocol.js';
import {cliPath, makeDaemonSandbox, processGone, waitFor, type DaemonSandbox} from '../helpers/daemon.js';

const shell = ['bash', '--norc', '--noprofile'];

function sessionsDirectory(sandbox: DaemonSandbox): string {
	return path.join(sandbox.directory, 'state', 'claude-tui', 'sessions');
}

function recording(sandbox: DaemonSandbox, id: string, name = 'output.cast'): string {
	return path.join(sessionsDirectory(sandbox), id, name);
}

function writeConfig(sandbox: DaemonSandbox, config: Record<string, unknown>): void {
	const file = path.join(sandbox.directory, 'config', 'claude-tui', 'config.json');
	fs.mkdirSync(path.dirname(file), {recursive: true});
	fs.writeFileSync(file, JSON.stringify(config));
}

async function info(sandbox: DaemonSandbox, name: string): Promise<SessionInfo> {
	const sessions = JSON.parse(await sandbox.ok(['ls', '--json'])) as SessionInfo[];
	const found = sessions.find(session => session.name === name);
	assert.ok(found, `session ${name} is listed: ${JSON.stringify(sessions)}`);
	return found;
}

async function captureUntil(sandbox: DaemonSandbox, session: string, check: (screen: string) => boolean): Promise<string> {
	let last = '';
	return waitFor(async () => {
		last = await sandbox.ok(['capture', session]);
		return check(last) ? last : undefined;
	}, {timeout: 20_000, message: () => `the screen of ${session} to match; last capture:\n${last}\n--- daemon log ---\n${sandbox.log()}`});
}

/** Kills the daemon with SIGKILL, as a crash or the OOM killer would, and waits until it is gone. */
async function killDaemon(sandbox: DaemonSandbox): Promise<void> {
	const pid = await sandbox.daemonPid();
	process.kill(pid, 'SIGKILL');
	await waitFor(() => processGone(pid), {message: 'the killed daemon to be gone'});
	await waitFor(async () => !(await sandbox.answers()), {message: 'the killed daemon to stop answering'});
}

/** Feeds text into a fresh terminal of the given size; returns every cell of its screen: character and looks. */
async function cellsOf(text: string, cols: number, rows: number): Promise<string[]> {
	const terminal = new xterm.Terminal({cols, rows, allowProposedApi: true});
	await new Promise<void>(resolve => {
		terminal.write(text, resolve);
	});
	const buffer = terminal.buffer.active;
	const cells: string[] = [];
	const cell = buffer.getNullCell();
	for (let y = 0; y < rows; y++) {
		const line = buffer.getLine(buffer.baseY + y);
		for (let x = 0; x < cols; x++) {
			line?.getCell(x, cell);
			// An empty cell and a space look the same.
			cells.push([y, x, cell.getChars() || ' ', cell.getFgColorMode(), cell.getFgColor(), cell.getBgColorMode(), cell.getBgColor(), cell.isBold(), cell.isItalic(), cell.isUnderline(), cell.isInverse()].join('|'));
		}
	}

	terminal.dispose();
	return cells;
}

/** Waits until the recording on disk rebuilds `screen`: everything shown has been written. */
async function recorded(sandbox: DaemonSandbox, id: string, screen: string): Promise<void> {
	let last: string | undefined;
	await waitFor(async () => {
		last = (await lastScreen(await recordingFiles(recording(sandbox, id))))?.text;
		return last === screen;
	}, {message: () => `the recording to catch up; it ends on:\n${last}`});
}

describe('recording', () => {
	let sandbox: DaemonSandbox;
	before(async () => {
		sandbox = await makeDaemonSandbox();
	});
	after(async () => {
		await sandbox.cleanup();
	});

	test('a real session is recorded in asciicast v2 and replays to the same final screen', async () => {
		const script = [
			'seq 1 60',
			'printf "\\033[1;31mred bold\\033[0m plain \\033[38;5;208morange\\033[0m \\033[4;44m世界\\033[0m\\n"',
			'i=0; while [ $i -le 10 ]; do printf "\\rprogress %d%%" $((i*10)); i=$((i+1)); done; echo',
			'printf "%0200d\\n" 0',
			'printf "\\033[5;10Hplaced at 5,10\\033[12;1H"',
			'echo final line',
			'exec sleep 1000',
		].join('; ');
		await sandbox.ok(['new', '--name', 'painter', '--', 'sh', '-c', script]);
		const screen = await captureUntil(sandbox, 'painter', text => text.includes('final line'));
		const {id} = await info(sandbox, 'painter');

		const header = await readCastHeader(recording(sandbox, id));
		assert.equal(header.version, 2);
		assert.deepEqual([header.width, header.height], [80, 24]);
		assert.match(String(header.command), /^sh -c /);
		assert.equal(header.title, 'painter');

		assert.match(screen, /^red bold plain orange 世界$/m);
		assert.match(screen.split('\n')[4]!, /^.{9}placed at 5,10/);
		await recorded(sandbox, id, screen);

		// What `claude-tui replay` writes, fed into a terminal of the recorded size, is the screen the daemon shows,
		// cell by cell: characters, colours and attributes.
		const result = await execa(process.execPath, [cliPath, 'replay', 'painter', '--speed', '1000', '--idle-limit', '0.001'], {env: sandbox.env, extendEnv: false, stdin: 'ignore'});
		const replayed = await cellsOf(result.stdout, 80, 24);
		// Lines of a capture end in a line feed alone, as a terminal's own output processing (onlcr) turns into CR LF.
		const shown = await cellsOf((await sandbox.ok(['capture', 'painter', '--ansi'])).replaceAll('\n', '\r\n'), 80, 24);
		assert.deepEqual(replayed, shown);
		const wide = shown.find(cell => cell.split('|')[2] === '世')?.split('|');
		assert.ok(wide && wide[9] !== '0' && wide[9] !== 'false', `the wide character keeps its underline: ${wide?.join('|')}`);
	});

	test('rm removes the session\'s record and recordings', async () => {
		await sandbox.ok(['new', '--name', 'doomed', '--', ...shell]);
		const {id} = await info(sandbox, 'doomed');
		const directory = path.join(sessionsDirectory(sandbox), id);
		await waitFor(() => fs.existsSync(path.join(directory, 'record.json')) && fs.existsSync(path.join(directory, 'output.cast')), {message: 'the record and recording to be written'});
		await sandbox.ok(['rm', 'doomed']);
		assert.equal(fs.existsSync(directory), false, 'the session directory is gone');
		const result = await sandbox.cli(['history', id]);
		assert.equal(result.exitCode, 1);
		assert.match(result.stderr, /No session named/);
	});

	test('grep finds a line printed 50,000 lines ago, with the session and the time', async () => {
		const started = Date.now();
		await sandbox.ok(['new', '--name', 'long', '--', 'sh', '-c', 'echo needle-in-history; seq 1 50000; exec sleep 1000']);
		await captureUntil(sandbox, 'long', text => text.split('\n').includes('50000'));
		let result = await sandbox.cli(['grep', 'needle-in-history', 'long']);
		await waitFor(async () => {
			// The last of the output reaches the disk within one batching interval.
			result = await sandbox.cli(['grep', '^50000$', 'long']);
			return result.exitCode === 0;
		}, {message: () => `grep to find the last line: ${JSON.stringify(result)}`});
		result = await sandbox.cli(['grep', 'needle-in-history', 'long']);
		assert.equal(result.exitCode, 0, result.stderr);
		const [match, ...rest] = result.stdout.split('\n').filter(Boolean);
		assert.deepEqual(rest, []);
		const parts = /^long {2}(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) {2}needle-in-history$/.exec(match!);
		assert.ok(parts, match);
		const time = new Date(parts[1]!.replace(' ', 'T')).getTime();
		assert.ok(time >= Math.floor(started / 1000) * 1000 && time <= Date.now(), `time ${parts[1]} is when it was printed`);

		// Every session is searched when none is named; --json gives the fields.
		const json = await sandbox.ok(['grep', '--json', '-i', 'NEEDLE-IN']);
		const found = json.trim().split('\n').map(line => JSON.parse(line) as {session: string; text: string; line: number});
		assert.deepEqual(found.map(entry => [entry.session, entry.text, entry.line]), [['long', 'needle-in-history', 1]]);
		// `history` prints all of it, the line 50,000 lines up included.
		const history = (await sandbox.ok(['history', 'long'])).split('\n');
		assert.equal(history[0], 'needle-in-history');
		assert.equal(history[50_000], '50000');
		// Nothing found: exit 1 and no output, as grep.
		const none = await sandbox.cli(['grep', 'no-such-thing-anywhere']);
		assert.deepEqual([none.exitCode, none.stdout, none.stderr], [1, '', '']);
		const bad = await sandbox.cli(['grep', '(unclosed']);
		assert.equal(bad.exitCode, 1);
		assert.match(bad.stderr, /^claude-tui: Invalid pattern/);
	});
});

describe('records and restore', () => {
	let sandbox: DaemonSandbox;
	let project: string;
	before(async () => {
		sandbox = await makeDaemonSandbox();
		project = path.join(sandbox.directory, 'project dir');
		fs.mkdirSync(project);
		// A stand-in for Claude Code: prints its arguments and writes its conversation where Claude Code would.
		const bin = path.join(sandbox.directory, 'bin');
		fs.mkdirSync(bin);
		fs.writeFileSync(path.join(bin, 'claude'), [
			'#!/bin/sh',
			// Its arguments as the user gave them: the hooks settings claude-tui adds (--settings JSON) are left out.
			'shown=""; skip=0; for a in "$@"; do if [ $skip = 1 ]; then skip=0; elif [ "$a" = "--settings" ]; then skip=1; else shown="$shown $a"; fi; done',
			'echo "claude args:$shown"',
			'while [ $# -gt 0 ]; do',
			'  if [ "$1" = "--session-id" ]; then mkdir -p "$CLAUDE_CONFIG_DIR/projects/p" && touch "$CLAUDE_CONFIG_DIR/projects/p/$2.jsonl"; fi',
			'  shift',
			'done',
			'exec sleep 1000',
		].join('\n'), {mode: 0o755});
		fs.writeFileSync(path.join(bin, 'devserver'), '#!/bin/sh\necho "devserver args: $*"\nexec sleep 1000\n', {mode: 0o755});
		sandbox.env['PATH'] = `${bin}:${sandbox.env['PATH']}`;
		sandbox.env['CLAUDE_CONFIG_DIR'] = path.join(sandbox.directory, 'claude-config');
		writeConfig(sandbox, {restoreArgs: {devserver: ['--again', '{args}', '{name}']}});
	});
	after(async () => {
		await sandbox.cleanup();
	});

	test('a daemon killed with SIGKILL mid-flood leaves records and recording readable, the session restorable', async () => {
		await sandbox.ok(['new', '--name', 'flood', '--', 'sh', '-c', 'exec seq 1 100000000']);
		const {id, pid} = await info(sandbox, 'flood');
		const cast = recording(sandbox, id);
		await waitFor(() => fs.existsSync(cast) && fs.statSync(cast).size > 4 * 1024 * 1024, {timeout: 30_000, message: 'the recording to grow past 4 MiB'});
		await killDaemon(sandbox);
		await waitFor(() => processGone(pid!), {message: 'the flood to end with its terminal'});

		const record = JSON.parse(fs.readFileSync(path.join(sessionsDirectory(sandbox), id, 'record.json'), 'utf8')) as Record<string, unknown>;
		assert.equal(record['status'], 'running');
		assert.equal(record['name'], 'flood');
		const opened = await openCast(cast);
		let events = 0;
		let last = 0;
		for await (const batch of opened.batches) {
			for (const event of batch) {
				assert.equal(event.type, 'o');
				events++;
				last = Math.max(last, ...[...event.data.matchAll(/(\d+)\r\n/g)].map(match => Number(match[1])));
			}
		}

		assert.equal(opened.stats.corruptLines, 0);
		assert.ok(events > 10 && last > 100_000, `${events} events up to ${last}`);

		// The next daemon lists it as restorable, its last screen rebuilt from the recording.
		const restarted = await info(sandbox, 'flood');
		assert.equal(restarted.status, 'restorable');
		assert.equal(restarted.id, id);
		assert.equal(restarted.pid, undefined);
		const expected = await lastScreen(await recordingFiles(cast));
		const screen = await sandbox.ok(['capture', 'flood']);
		assert.equal(screen, expected!.text);
		assert.match(screen, /^\d+$/m);
		const input = await sandbox.cli(['send', 'flood', 'x']);
		assert.equal(input.exitCode, 1);
		assert.match(input.stderr, /not running; restore it first/);
		await sandbox.ok(['rm', 'flood']);
		assert.equal(fs.existsSync(path.dirname(cast)), false);
	});

	test('restore reruns the command in the same directory, under the same name and id, the old screen above', async () => {
		await sandbox.ok(['new', '--name', 'work', '--cwd', project, '--', ...shell]);
		await sandbox.ok(['send', 'work', '--enter', 'PS1="prompt> "; echo "first in [$(pwd)] $((6*7))"']);
		await captureUntil(sandbox, 'work', text => text.includes(`first in [${project}] 42`));
		const before = await info(sandbox, 'work');
		// Resized, so the last screen has to follow the recording's resize events.
		const client = await sandbox.connect();
		await client.request('session.resize', {session: 'work', cols: 100, rows: 30});
		client.close();
		await sandbox.ok(['send', 'work', '--enter', 'echo resized-to-$(tput cols)']);
		const beforeKill = await captureUntil(sandbox, 'work', text => /^resized-to-100\nprompt> ?$/m.test(text));
		await recorded(sandbox, before.id, beforeKill);
		await killDaemon(sandbox);

		const listed = await info(sandbox, 'work');
		assert.equal(listed.status, 'restorable');
		assert.equal(listed.id, before.id);
		assert.equal(await sandbox.ok(['capture', 'work']), beforeKill, 'the last screen is as it was');

		assert.equal((await sandbox.ok(['restore', 'work'])).trim(), 'work');
		const restored = await info(sandbox, 'work');
		assert.equal(restored.status, 'running');
		assert.equal(restored.id, before.id);
		assert.equal(restored.cwd, project);
		assert.notEqual(restored.pid, before.pid);
		assert.equal(typeof restored.restoredAt, 'string');
		await sandbox.ok(['send', 'work', '--enter', 'echo "second in [$(pwd)] $((6*7))"']);
		const screen = await captureUntil(sandbox, 'work', text => text.includes(`second in [${project}] 42`));
		// The old output stays above the new, with a line between that says what happened.
		const lines = screen.split('\n');
		const first = lines.findIndex(line => line === `first in [${project}] 42`);
		const separator = lines.findIndex(line => /^── restored \d{4}-\d\d-\d\d \d\d:\d\d · bash --norc --noprofile ──$/.test(line));
		const second = lines.findIndex(line => line === `second in [${project}] 42`);
		assert.ok(first !== -1 && first < separator && separator < second, screen);
		// Restoring a running session is refused.
		const again = await sandbox.cli(['restore', 'work']);
		assert.equal(again.exitCode, 1);
		assert.match(again.stderr, /Session "work" is running/);
		// One history across both runs.
		await waitFor(async () => (await sandbox.ok(['history', 'work'])).includes(`second in [${project}] 42`), {message: 'the restored run to be recorded'});
		const history = await sandbox.ok(['history', 'work']);
		assert.ok(history.indexOf(`first in [${project}] 42`) < history.indexOf(`second in [${project}] 42`), history);
	});

	test('a shell restores in the directory it had cd\'d to, kept in its record when it came back to its prompt', async () => {
		const inner = path.join(project, 'inner dir');
		fs.mkdirSync(inner, {recursive: true});
		await sandbox.ok(['new', '--name', 'wanderer', '--cwd', project, '--', ...shell]);
		await sandbox.ok(['send', 'wanderer', '--enter', `cd "${inner}"; echo "moved-$((2+3))"`]);
		await captureUntil(sandbox, 'wanderer', text => text.includes('moved-5'));
		const {id} = await info(sandbox, 'wanderer');
		const recordFile = path.join(sessionsDirectory(sandbox), id, 'record.json');
		await sandbox.ok(['wait', 'wanderer', '--until', 'idle', '--timeout', '20']);
		await waitFor(() => (JSON.parse(fs.readFileSync(recordFile, 'utf8')) as SessionRecord).lastCwd === inner, {message: 'the record to hold the new directory'});
		await killDaemon(sandbox);

		assert.equal((await info(sandbox, 'wanderer')).status, 'restorable');
		await sandbox.ok(['restore', 'wanderer']);
		assert.equal((await info(sandbox, 'wanderer')).cwd, inner);
		await sandbox.ok(['send', 'wanderer', '--enter', 'echo "now in [$(pwd)]"']);
		await captureUntil(sandbox, 'wanderer', text => text.includes(`now in [${inner}]`));
		await sandbox.ok(['rm', 'wanderer']);
	});

	test('a graceful stop leaves sessions interrupted, restorable on the next start; Claude Code resumes its conversation', async () => {
		// Wide enough that the arguments the stand-in prints fit on one line.
		const client = await sandbox.connect();
		await client.request('session.create', {name: 'agent', cwd: project, command: 'claude', args: ['--model', 'opus', 'fix the bug'], cols: 200, rows: 24});
		client.close();
		const launched = await captureUntil(sandbox, 'agent', text => text.includes('claude args:'));
		// A new conversation gets an id of our choosing, so that exactly it can be resumed.
		const conversation = /--session-id ([\da-f-]{36}) --model opus fix the bug/.exec(launched)?.[1];
		assert.ok(conversation, launched);
		await sandbox.ok(['new', '--name', 'server', '--cwd', project, '--', 'devserver', '--port', '3000']);
		await captureUntil(sandbox, 'server', text => text.includes('devserver args: --port 3000'));
		await sandbox.ok(['stop-daemon']);

		const records = fs.readdirSync(sessionsDirectory(sandbox)).map(id => JSON.parse(fs.readFileSync(path.join(sessionsDirectory(sandbox), id, 'record.json'), 'utf8')) as Record<string, unknown>);
		const agentRecord = records.find(record => record['name'] === 'agent');
		assert.equal(agentRecord?.['status'], 'interrupted');
		assert.equal(agentRecord?.['conversationId'], conversation);
		assert.equal((await info(sandbox, 'agent')).status, 'restorable');
		assert.equal((await info(sandbox, 'work')).status, 'restorable');

		await sandbox.ok(['restore', 'agent']);
		// The same conversation, the same options, and not the first prompt again.
		await captureUntil(sandbox, 'agent', text => text.split('\n').includes(`claude args: --resume ${conversation} --model opus`));
		assert.equal((await info(sandbox, 'agent')).cwd, project);
		// Arguments on restore come from the config file when it names the command.
		await sandbox.ok(['restore', 'server']);
		await captureUntil(sandbox, 'server', text => text.includes('devserver args: --again --port 3000 server'));
	});

	test('restore says clearly why it cannot: a directory gone, bad params, an unknown session', async () => {
		const gone = path.join(sandbox.directory, 'gone');
		fs.mkdirSync(gone);
		await sandbox.ok(['new', '--name', 'homeless', '--cwd', gone, '--', ...shell]);
		await sandbox.ok(['stop-daemon']);
		fs.rmSync(gone, {recursive: true});
		assert.equal((await info(sandbox, 'homeless')).status, 'restorable');
		const result = await sandbox.cli(['restore', 'homeless']);
		assert.equal(result.exitCode, 1);
		assert.equal(result.stderr.trim(), `claude-tui: Cannot restore "homeless": its directory ${gone} no longer exists`);
		assert.equal((await info(sandbox, 'homeless')).status, 'restorable');
		const client = await sandbox.connect();
		await assert.rejects(client.call('session.restore', {session: 'homeless', cols: 'wide'}), {code: -32_602, message: /"cols" must be an integer/});
		await assert.rejects(client.call('session.restore', {}), {code: -32_602, message: /"session" is required/});
		await assert.rejects(client.request('session.restore', {session: 'nobody'}), {code: -32_001});
		client.close();
		await sandbox.ok(['rm', 'homeless']);
	});

	test('a corrupt or truncated record is reported and skipped, and the daemon starts', async () => {
		const directory = sessionsDirectory(sandbox);
		const {id} = await info(sandbox, 'work');
		await sandbox.ok(['stop-daemon']);
		const good = fs.readFileSync(path.join(directory, id, 'record.json'), 'utf8');
		fs.mkdirSync(path.join(directory, 'torn'));
		fs.writeFileSync(path.join(directory, 'torn', 'record.json'), good.slice(0, Math.floor(good.length / 2)));
		fs.mkdirSync(path.join(directory, 'garbage'));
		fs.writeFileSync(path.join(directory, 'garbage', 'record.json'), '{"version": 1, "id": "garbage"}');

		const sessions = JSON.parse(await sandbox.ok(['ls', '--json'])) as SessionInfo[];
		assert.deepEqual(sessions.map(session => session.name).sort(), ['agent', 'server', 'work']);
		const status = JSON.parse(await sandbox.ok(['status', '--json'])) as DaemonStatus;
		assert.deepEqual(status.recordProblems?.map(problem => [problem.id, problem.message]), [
			['garbage', 'name is missing or not a string'],
			['torn', 'not valid JSON (truncated or corrupt)'],
		]);
		assert.match(await sandbox.ok(['status']), /skipped: .*torn\/record\.json: not valid JSON/);
		assert.match(sandbox.log(), /skipped session record .*torn\/record\.json: not valid JSON/);
		// Searching all history skips them too.
		const result = await sandbox.cli(['grep', 'second in']);
		assert.equal(result.exitCode, 0, result.stderr);
		assert.match(result.stdout, /^work {2}.*second in/m);
	});
});

describe('recording limits and errors', () => {
	let sandbox: DaemonSandbox;
	before(async () => {
		sandbox = await makeDaemonSandbox();
		writeConfig(sandbox, {recordingMaxMiB: 0.05});
	});
	after(async () => {
		await sandbox.cleanup();
	});

	test('past the size cap the recording rotates: the newest file plays on its own, one older generation is kept', async () => {
		await sandbox.ok(['new', '--name', 'big', '--', 'sh', '-c', 'read go; seq 1 30000; echo the-end; exec sleep 1000']);
		const {id} = await info(sandbox, 'big');
		await sandbox.ok(['send', 'big', '--enter']);
		await captureUntil(sandbox, 'big', text => text.includes('the-end'));
		await waitFor(async () => (await sandbox.ok(['history', 'big'])).includes('the-end'), {message: 'the end to be recorded'});
		assert.ok(fs.existsSync(recording(sandbox, id, 'output.1.cast')), 'rotated once at least');
		assert.equal(fs.existsSync(recording(sandbox, id, 'output.2.cast')), false, 'one generation kept');
		const header = await readCastHeader(recording(sandbox, id));
		assert.deepEqual(header.claude_tui, {preamble: true});
		// The newest file alone rebuilds the screen the session shows.
		const alone = await lastScreen(recording(sandbox, id));
		assert.equal(alone?.text, await sandbox.ok(['capture', 'big']));
		// The oldest lines are gone with the generations that rotated away; the history starts later.
		const history = (await sandbox.ok(['history', 'big'])).split('\n');
		assert.notEqual(history[0], '1');
		assert.equal(history.at(-1), 'the-end');
	});

	test('a recording that cannot be written is reported in the session\'s info and ls; the session carries on', async () => {
		await sandbox.ok(['new', '--name', 'blocked', '--', 'sh', '-c', 'while read line; do seq 1 20000; echo "done $line"; done']);
		const {id} = await info(sandbox, 'blocked');
		await waitFor(() => fs.existsSync(recording(sandbox, id)), {message: 'the recording to start'});
		// Rotation will find a directory where the older generation goes, as a disk that refuses writes would.
		fs.mkdirSync(recording(sandbox, id, 'output.1.cast'));
		fs.writeFileSync(path.join(recording(sandbox, id, 'output.1.cast'), 'keep'), '');
		await sandbox.ok(['send', 'blocked', '--enter', 'one']);
		const failed = await waitFor(async () => {
			const session = await info(sandbox, 'blocked');
			return session.recordingError ? session : undefined;
		}, {message: 'the recording error to be reported'});
		assert.equal(failed.status, 'running');
		assert.match(await sandbox.ok(['ls']), /^blocked\s+\S+\s+(?:starting|busy|idle|waiting), not recording\s/m);
		assert.match(sandbox.log(), /recording of session blocked \(\w+\) stopped: /);
		await sandbox.ok(['send', 'blocked', '--enter', 'two']);
		await captureUntil(sandbox, 'blocked', text => text.includes('done two'));
	});
});

describe('last screens after a restart', () => {
	let sandbox: DaemonSandbox;
	before(async () => {
		sandbox = await makeDaemonSandbox();
	});
	after(async () => {
		await sandbox.cleanup();
	});

	test('attaching to a restorable session shows its last screen even while an earlier, longer one is still being rebuilt', async () => {
		// Rebuilt one at a time in the background, oldest first: this long one holds up the queue for a while.
		await sandbox.ok(['new', '--name', 'long', '--', 'sh', '-c', 'seq 1 3000000; echo long-done; exec sleep 1000']);
		await captureUntil(sandbox, 'long', text => text.includes('long-done'));
		await sandbox.ok(['new', '--name', 'short', '--', ...shell]);
		await sandbox.ok(['send', 'short', '--enter', 'echo "short-$((4*5))"']);
		const screen = await captureUntil(sandbox, 'short', text => text.includes('short-20\n'));
		await recorded(sandbox, (await info(sandbox, 'long')).id, await sandbox.ok(['capture', 'long']));
		await recorded(sandbox, (await info(sandbox, 'short')).id, screen);
		await killDaemon(sandbox);

		// The first thing after the restart: attach to the second session, as the TUI does when it reconnects.
		assert.equal((await info(sandbox, 'short')).status, 'restorable');
		const client = await sandbox.connect();
		const attached = await client.request('session.attach', {session: 'short'});
		client.close();
		assert.match(attached.snapshot, /short-20/);
		assert.match(await sandbox.ok(['capture', 'long']), /long-done/);
	});
});
