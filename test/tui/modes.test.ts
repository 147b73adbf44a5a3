// The modes against a fake host: what each key does to the mode and what it asks of the controller.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {NewSessionRequest, TuiHost} from '../../source/tui/host.js';
import {decodeKeyAt} from '../../source/tui/keys.js';
import {computeLayout} from '../../source/tui/layout.js';
import {lineEdit} from '../../source/tui/line-editor.js';
import {behaviorOf, keyInput} from '../../source/tui/modes/index.js';
import type {Mode} from '../../source/tui/modes/mode.js';
import {loadInk} from '../../source/tui/chrome/ink.js';
import {newSessionForm} from '../../source/tui/modes/new-session.js';
import {SessionStore} from '../../source/tui/session-store.js';
import {asRpcClient, FakeClient, sessionInfo} from '../helpers/fake-client.js';

// The prompts and messages are Ink's to render, loaded as the TUI loads it after its first frame.
await loadInk();

type Calls = {input: string[]; created: NewSessionRequest[]; selected: Array<string | undefined>; flashed: string[]; performed: string[]};

type FakeHost = {-readonly [K in keyof TuiHost]: TuiHost[K]} & {calls: Calls};

function fakeHost(mode: Mode, hostNames: string[] = []): FakeHost {
	const store = new SessionStore();
	store.replace([sessionInfo({id: 'a1', name: 'alpha'}), sessionInfo({id: 'b2', name: 'beta'})]);
	store.select('a1');
	const calls: Calls = {input: [], created: [], selected: [], flashed: [], performed: []};
	const host: FakeHost = {
		calls,
		mode,
		store,
		client: asRpcClient(new FakeClient()),
		hostNames,
		defaultCommand: 'bash',
		readOnly: false,
		prefixName: 'C-b',
		prefixKey: decodeKeyAt('\u0002', 0),
		layout: computeLayout(100, 30),
		setMode(next) {
			host.mode = next;
		},
		input(data) {
			calls.input.push(data);
		},
		select(id) {
			calls.selected.push(id);
		},
		selectRelative(step) {
			calls.selected.push(store.relative(step));
		},
		perform(action) {
			calls.performed.push(action);
		},
		openCopyMode() {},
		toggleSidebar() {},
		detach() {},
		createSession(request) {
			calls.created.push(request);
		},
		restoreSession() {},
		flash(message) {
			calls.flashed.push(message);
		},
	};
	return host;
}

test('the new-session form: Tab walks the fields (the host row first when there are hosts), Enter asks for the session', () => {
	const host = fakeHost(newSessionForm([]));
	keyInput('web\t\tnpm run dev\r', host);
	assert.deepEqual(host.calls.created, [{name: 'web', cwd: undefined, command: 'npm', args: ['run', 'dev'], host: undefined}]);

	const withHosts = fakeHost(newSessionForm(['gpu']), ['gpu']);
	assert.equal((withHosts.mode as Extract<Mode, {type: 'new'}>).focused, 'host');
	keyInput(' \tjob\r', withHosts);
	assert.deepEqual(withHosts.calls.created, [{name: 'job', cwd: undefined, command: undefined, args: [], host: 'gpu'}]);
});

test('the new-session form: an unclosed quote is an error on the command field, nothing is asked', () => {
	const host = fakeHost(newSessionForm([]));
	keyInput('\t\techo "unclosed\r', host);
	const mode = host.mode as Extract<Mode, {type: 'new'}>;
	assert.equal(mode.focused, 'command');
	assert.match(mode.error ?? '', /quote/i);
	assert.deepEqual(host.calls.created, []);
});

test('a key that leaves a mode hands the rest of the read to the next mode', () => {
	const host = fakeHost({type: 'help'});
	keyInput('xls\r', host);
	assert.deepEqual(host.mode, {type: 'pane'});
	assert.deepEqual(host.calls.input, ['ls\r']);
});

test('a confirmation that swallows: y carries it out, and what was typed after it in the same read is dropped', () => {
	let done = 0;
	const host = fakeHost({type: 'confirm', message: 'Restore?', onYes() {
		done++;
	}, swallow: true});
	keyInput('y rest of a command\r', host);
	assert.equal(done, 1);
	assert.deepEqual(host.calls.input, []);

	const plain = fakeHost({type: 'confirm', message: 'Kill?', onYes() {
		done++;
	}});
	keyInput('nabc', plain);
	assert.equal(done, 1, 'n says no');
	assert.deepEqual(plain.calls.input, ['abc']);
});

test('the sidebar: arrows and j/k move, Esc goes back to where it started, x asks to kill', () => {
	const host = fakeHost({type: 'sidebar', returnTo: 'a1'});
	keyInput('j', host);
	assert.deepEqual(host.calls.selected, ['b2']);
	keyInput('x', host);
	assert.deepEqual(host.calls.performed, ['kill']);
	keyInput('\u001B', host);
	assert.deepEqual(host.mode, {type: 'pane'});
	assert.equal(host.calls.selected.at(-1), 'a1');
	assert.equal(behaviorOf({type: 'sidebar', returnTo: undefined}).label?.({type: 'sidebar', returnTo: undefined}, host), 'SIDEBAR');
});

test('the prompt: a command it cannot parse is an error in the prompt; a key action runs as the key does', () => {
	const host = fakeHost({type: 'prompt', line: lineEdit()});
	keyInput('frobnicate\r', host);
	assert.equal(host.mode.type, 'prompt');
	assert.match((host.mode as Extract<Mode, {type: 'prompt'}>).error ?? '', /frobnicate/);
	host.setMode({type: 'prompt', line: lineEdit()});
	keyInput('detach-client\r', host);
	assert.deepEqual(host.calls.performed, ['detach']);
	assert.deepEqual(host.mode, {type: 'pane'});
});

test('the modes that draw over the pane say so; those that replace it draw the whole pane', () => {
	const host = fakeHost({type: 'pane'});
	const rename: Mode = {type: 'rename', sessionId: 'a1', line: lineEdit('alpha')};
	const overlay = behaviorOf(rename).overlay?.(rename, 60, host) ?? [];
	assert.ok(overlay.some(line => line.includes('alpha')), overlay.join('\n'));
	const help: Mode = {type: 'help'};
	assert.equal(behaviorOf(help).screen?.(help, 70, 25, host).length, 25);
	assert.equal(behaviorOf({type: 'pane'}).overlay, undefined);
});
