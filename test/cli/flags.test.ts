// The command line's parsing, in-process: which word is the command, unknown flags, number flags, kebab-case,
// `--`, --help. The commands themselves are tested through the real binary (daemon-cli, hosts-cli, history-*, state-*).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {commandNameIndex, globalFlags, parseCommandLine, valueFlagWords} from '../../source/cli/flags.js';
import {commandNames, loadCommand, valueFlagWords as registeredValueFlags} from '../../source/cli/registry.js';
import type {CommandSpec} from '../../source/cli/spec.js';

const ls = {usage: 'claude-tui ls [--json]', description: 'List.', flags: {json: {type: 'boolean'}}, arity: [0, 0]} as const satisfies CommandSpec;
const capture = {
	usage: 'claude-tui capture SESSION',
	description: 'Capture.',
	flags: {ansi: {type: 'boolean', short: 'a'}, scrollback: {type: 'number', default: 0}},
	arity: [1, 1],
} as const satisfies CommandSpec;
const replay = {usage: 'claude-tui replay SESSION', description: 'Replay.', flags: {speed: {type: 'number'}, idleLimit: {type: 'number'}}, arity: [1, 1]} as const satisfies CommandSpec;
const newSession = {
	usage: 'claude-tui new [-- COMMAND ARGS…]',
	description: 'New.',
	flags: {name: {type: 'string', short: 'n'}, kill: {type: 'string', default: 'SIGHUP'}},
	arity: [0, Number.POSITIVE_INFINITY],
} as const satisfies CommandSpec;
const send = {usage: 'claude-tui send SESSION [--enter] TEXT…', description: 'Send.', flags: {enter: {type: 'boolean', short: 'e'}}, arity: [1, Number.POSITIVE_INFINITY]} as const satisfies CommandSpec;

test('flags are typed by their spec: booleans false unless given, numbers and strings undefined unless given or defaulted', () => {
	const parsed = parseCommandLine('capture', capture, ['s']);
	const ansi: boolean = parsed.flags.ansi;
	const scrollback: number = parsed.flags.scrollback;
	assert.deepEqual({ansi, scrollback}, {ansi: false, scrollback: 0});
	const made = parseCommandLine('new', newSession, []);
	const name: string | undefined = made.flags.name;
	const signal: string = made.flags.kill;
	assert.deepEqual({name, signal}, {name: undefined, signal: 'SIGHUP'});
	const played = parseCommandLine('replay', replay, ['s']);
	const speed: number | undefined = played.flags.speed;
	assert.equal(speed, undefined);
});

test('number flags: a number, after a space or =, negative or not; NaN for a word that is none (the command says what it takes)', () => {
	assert.equal(parseCommandLine('capture', capture, ['s', '--scrollback', '100']).flags.scrollback, 100);
	assert.equal(parseCommandLine('capture', capture, ['--scrollback=5', 's']).flags.scrollback, 5);
	assert.equal(parseCommandLine('capture', capture, ['s', '--scrollback', '-1']).flags.scrollback, -1);
	assert.equal(parseCommandLine('replay', replay, ['s', '--speed', '1.5']).flags.speed, 1.5);
	assert.ok(Number.isNaN(parseCommandLine('capture', capture, ['s', '--scrollback', 'lots']).flags.scrollback));
	assert.ok(Number.isNaN(parseCommandLine('capture', capture, ['s', '--scrollback', '']).flags.scrollback));
});

test('names in camelCase are written in kebab-case, and camelCase is taken too', () => {
	assert.equal(parseCommandLine('replay', replay, ['s', '--idle-limit', '2']).flags.idleLimit, 2);
	assert.equal(parseCommandLine('replay', replay, ['s', '--idleLimit', '3']).flags.idleLimit, 3);
});

test('booleans: given, short, grouped, --no-FLAG and --FLAG=false', () => {
	assert.equal(parseCommandLine('ls', ls, ['--json']).flags.json, true);
	assert.equal(parseCommandLine('ls', ls, ['--no-json']).flags.json, false);
	assert.equal(parseCommandLine('ls', ls, ['--json=false']).flags.json, false);
	assert.equal(parseCommandLine('ls', ls, ['--json=true']).flags.json, true);
	assert.equal(parseCommandLine('capture', capture, ['-a', 's']).flags.ansi, true);
	assert.throws(() => parseCommandLine('ls', ls, ['--json=yes']), {message: '--json takes no value. Run `claude-tui ls --help` for the options.'});
});

test('unknown flags are all named at once, with the command whose help lists the right ones', () => {
	assert.throws(() => parseCommandLine('ls', ls, ['--bogus', '--other', '-x']), {message: 'Unknown option --bogus, --other, -x. Run `claude-tui ls --help` for the options.'});
	assert.throws(() => parseCommandLine('ls', ls, ['--sidebarWidth', '3']), {message: 'Unknown option --sidebar-width. Run `claude-tui ls --help` for the options.'});
	// -h is not --help (as it was not with meow).
	assert.throws(() => parseCommandLine('', ls, ['-h']), {message: 'Unknown option -h. Run `claude-tui --help` for the options.'});
	// Another command's flag is unknown here.
	assert.throws(() => parseCommandLine('ls', ls, ['--enter']), {message: /^Unknown option --enter\./});
	assert.throws(() => parseCommandLine('ls', ls, ['--no-socket']), {message: /^Unknown option --no-socket\./});
});

test('a flag that takes a value and has none is an error', () => {
	assert.throws(() => parseCommandLine('ls', ls, ['--socket']), {message: '--socket needs a value. Run `claude-tui ls --help` for the options.'});
	assert.throws(() => parseCommandLine('ls', ls, ['-S']), {message: '-S needs a value. Run `claude-tui ls --help` for the options.'});
});

test('--socket is every command\'s, long or short, with its value after a space, = or joined', () => {
	assert.equal(parseCommandLine('ls', ls, ['--socket', '/tmp/a.sock']).socket, '/tmp/a.sock');
	assert.equal(parseCommandLine('ls', ls, ['--socket=/tmp/b.sock']).socket, '/tmp/b.sock');
	assert.equal(parseCommandLine('ls', ls, ['-S', '/tmp/c.sock']).socket, '/tmp/c.sock');
	assert.equal(parseCommandLine('ls', ls, ['-S/tmp/d.sock']).socket, '/tmp/d.sock');
	assert.equal(parseCommandLine('ls', ls, []).socket, undefined);
});

test('after `--`, words are a command line for new and literal text for send, never flags', () => {
	const made = parseCommandLine('new', newSession, ['-n', 'web', '--', 'npm', 'run', '--watch', '--', 'x']);
	assert.equal(made.flags.name, 'web');
	assert.deepEqual(made.inputs, ['npm', 'run', '--watch', '--', 'x']);
	const sent = parseCommandLine('send', send, ['s', '--', '--enter', '-e']);
	assert.equal(sent.flags.enter, false);
	assert.deepEqual(sent.inputs, ['s', '--enter', '-e']);
	// Flags may follow the positional words before `--`.
	const both = parseCommandLine('send', send, ['s', 'hello', '--enter', '--', 'world']);
	assert.equal(both.flags.enter, true);
	assert.deepEqual(both.inputs, ['s', 'hello', 'world']);
});

test('arity: too few or too many words print the usage', () => {
	assert.throws(() => parseCommandLine('capture', capture, []), {message: 'Usage: claude-tui capture SESSION'});
	assert.throws(() => parseCommandLine('capture', capture, ['a', 'b']), {message: 'Usage: claude-tui capture SESSION'});
	assert.throws(() => parseCommandLine('ls', ls, ['--', 'extra']), {message: 'Usage: claude-tui ls [--json]'});
});

test('--help wins over unknown flags and a wrong number of words', () => {
	assert.equal(parseCommandLine('capture', capture, ['--help']).help, true);
	assert.equal(parseCommandLine('ls', ls, ['--bogus', '--help', 'extra']).help, true);
	assert.equal(parseCommandLine('ls', ls, []).help, false);
});

test('the command is the first word that is neither a flag nor a flag\'s value, before `--`', () => {
	const find = (argv: string[]) => commandNameIndex(argv, registeredValueFlags);
	assert.equal(find(['ls']), 0);
	assert.equal(find(['--socket', '/tmp/x.sock', 'ls', '--json']), 2);
	assert.equal(find(['-S', '/tmp/x.sock', 'ls']), 2);
	assert.equal(find(['--socket=/tmp/x.sock', 'ls']), 1);
	assert.equal(find(['--json', 'ls']), 1);
	assert.equal(find(['-n', 'ls', 'new']), 2);
	assert.equal(find(['--prefix', 'C-a']), -1);
	assert.equal(find(['--', 'ls']), -1);
	assert.equal(find([]), -1);
});

test('the words that take a value before the command\'s name are every command\'s value flags', async () => {
	const commands = await Promise.all(commandNames.map(async name => loadCommand(name)));
	const expected = new Set(commands.flatMap(command => valueFlagWords({...globalFlags, ...command.spec.flags})));
	assert.deepEqual([...registeredValueFlags].sort(), [...expected].sort());
});

test('a flag with a default has its type, not its default\'s literal type', () => {
	// Compile-time: were these the literals 0 and 'SIGHUP', the assignments below would not typecheck.
	let scrollback = parseCommandLine('capture', capture, ['s']).flags.scrollback;
	scrollback = 5;
	let signal = parseCommandLine('new', newSession, []).flags.kill;
	signal = 'SIGTERM';
	assert.deepEqual([scrollback, signal], [5, 'SIGTERM']);
});
