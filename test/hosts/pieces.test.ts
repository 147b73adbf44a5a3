// The pieces of hosts that need no machine: the config's checks, HOST:SESSION names, quoting for the remote shell.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {describe, test} from 'node:test';
import {parseHostsConfig, sshCommandWords} from '../../source/hosts/config.js';
import {qualifyMessage, splitReference, unqualifyParams} from '../../source/hosts/names.js';
import {shellQuote, sshInvocation} from '../../source/hosts/ssh.js';

const parse = (config: Record<string, unknown>) => parseHostsConfig(config, message => new Error(message));

describe('hosts in the config file', () => {
	test('a host takes name, ssh and command (default claude-tui)', () => {
		assert.deepEqual(parse({hosts: [{name: 'gpu', ssh: 'gpu-box'}, {name: 'vm.2', ssh: 'me@10.0.0.7', command: 'env A=1 ~/bin/claude-tui'}]}).hosts, [
			{name: 'gpu', ssh: 'gpu-box', command: 'claude-tui'},
			{name: 'vm.2', ssh: 'me@10.0.0.7', command: 'env A=1 ~/bin/claude-tui'},
		]);
	});

	test('each mistake is named with its place', () => {
		const cases: Array<[unknown, RegExp]> = [
			[{name: 'gpu'}, /^hosts\[0\]\.ssh must be an ssh destination/],
			[{name: 'a:b', ssh: 'x'}, /^hosts\[0\]\.name must be a short word/],
			[{name: 'local', ssh: 'x'}, /^hosts\[0\]\.name: "local" stands for this machine/],
			[{name: 'gpu', ssh: '-oProxyCommand=evil'}, /^hosts\[0\]\.ssh must be an ssh destination/],
			[{name: 'gpu', ssh: 'x', port: 22}, /^hosts\[0\]: unknown field "port"/],
			[{name: 'gpu', ssh: 'x', command: ''}, /^hosts\[0\]\.command must be how to run claude-tui there/],
		];
		for (const [entry, message] of cases) {
			assert.throws(() => parse({hosts: [entry]}), {message}, JSON.stringify(entry));
		}

		assert.throws(() => parse({hosts: [{name: 'a', ssh: 'x'}, {name: 'a', ssh: 'y'}]}), {message: /^hosts\[1\]\.name: another host is already called "a"/});
		assert.throws(() => parse({hosts: {gpu: 'x'}}), {message: /^"hosts" must be a list/});
		assert.throws(() => parse({ssh: 3}), {message: /^"ssh" must be the ssh command/});
	});

	test('the ssh command: CLAUDE_TUI_SSH, else the config\'s, else ssh; split as a shell would', () => {
		assert.deepEqual(sshCommandWords({}, {}), ['ssh']);
		assert.deepEqual(sshCommandWords({ssh: 'ssh -F "/my dir/config"'}, {}), ['ssh', '-F', '/my dir/config']);
		assert.deepEqual(sshCommandWords({ssh: 'ssh -F x'}, {CLAUDE_TUI_SSH: 'ssh -i key'}), ['ssh', '-i', 'key']);
	});
});

describe('HOST:SESSION', () => {
	test('a reference names a host only when a host has that name', () => {
		assert.deepEqual(splitReference('gpu:web', ['gpu']), {host: 'gpu', session: 'web'});
		assert.deepEqual(splitReference('gpu:web:2', ['gpu']), {host: 'gpu', session: 'web:2'});
		assert.deepEqual(splitReference('other:web', ['gpu']), {host: undefined, session: 'other:web'});
		assert.deepEqual(splitReference('web', ['gpu']), {host: undefined, session: 'web'});
	});

	test('what a host\'s daemon sends names its sessions with the host; what it is sent, without', () => {
		const info = {id: '3f830617', name: 'web', status: 'running', state: 'idle'};
		assert.deepEqual(qualifyMessage('gpu', info), {...info, id: 'gpu:3f830617', name: 'gpu:web', host: 'gpu'});
		assert.deepEqual(qualifyMessage('gpu', {session: 'abc', data: 'x'}), {session: 'gpu:abc', data: 'x'});
		assert.deepEqual(qualifyMessage('gpu', {sessions: [info]}), {sessions: [{...info, id: 'gpu:3f830617', name: 'gpu:web', host: 'gpu'}]});
		const attached = qualifyMessage('gpu', {session: info, screen: {session: '3f830617', full: true}}) as {session: {id: string}; screen: {session: string}};
		assert.equal(attached.session.id, 'gpu:3f830617');
		assert.equal(attached.screen.session, 'gpu:3f830617');
		assert.deepEqual(qualifyMessage('gpu', {text: 'screen'}), {text: 'screen'});
		assert.deepEqual(unqualifyParams('gpu', {session: 'gpu:web', name: 'gpu:api', data: 'gpu:x'}), {session: 'web', name: 'api', data: 'gpu:x'});
	});
});

describe('the remote command line', () => {
	test('every argument reaches the remote shell as one word, whatever it holds', () => {
		const words = ['plain', 'two words', 'it\'s', '$(touch /tmp/nope)', '`x`', 'a"b', '*', '', 'line\nbreak', 'ünï'];
		const script = words.map(word => shellQuote(word)).join(' ');
		const echoed = execFileSync('sh', ['-c', `for a in ${script}; do printf '[%s]' "$a"; done`], {encoding: 'utf8'});
		assert.equal(echoed, words.map(word => `[${word}]`).join(''));
	});

	test('ssh gets the user\'s words first (theirs win), batch mode, no terminal, and the host\'s command with bridge', () => {
		const {file, args} = sshInvocation({ssh: ['ssh', '-o', 'ConnectTimeout=1'], host: {name: 'gpu', ssh: 'gpu-box', command: 'env A=1 claude-tui'}, args: ['bridge']});
		assert.equal(file, 'ssh');
		assert.deepEqual(args.slice(0, 3), ['-o', 'ConnectTimeout=1', '-T']);
		assert.ok(args.includes('BatchMode=yes'));
		assert.deepEqual(args.slice(-3), ['--', 'gpu-box', 'env A=1 claude-tui bridge']);
	});
});
