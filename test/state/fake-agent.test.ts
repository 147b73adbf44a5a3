// The scripted fake agent in a real PTY, its output parsed by a real @xterm/headless terminal and watched by the
// detector the way the daemon's Session will watch it. Asserts only the order of states, never timings.
import assert from 'node:assert/strict';
import {fileURLToPath} from 'node:url';
import {test} from 'node:test';
import xterm from '@xterm/headless';
import * as pty from 'node-pty';
import {type AgentState, StateDetector} from '../../source/state/detector.js';
import {connectDetector} from '../../source/state/terminal-signals.js';

const fakeAgent = fileURLToPath(new URL('../fixtures/fake-agent.mjs', import.meta.url));

test('fake agent: idle -> busy -> waiting -> busy -> idle, with the bell and a notification', async () => {
	const terminal = new xterm.Terminal({cols: 90, rows: 30, allowProposedApi: true});
	// The command is what the daemon would see; the fake agent draws Claude Code's screens.
	const detector = new StateDetector({command: 'claude', idleAfterMs: 1000});
	connectDetector(terminal, detector);
	const states: AgentState[] = [detector.state];
	const signals: string[] = [];
	detector.onChange(explanation => {
		states.push(explanation.state);
		signals.push(`${explanation.state}:${explanation.signal}:${explanation.rule ?? ''}`);
	});

	const child = pty.spawn(process.execPath, [fakeAgent], {
		name: 'xterm-256color',
		cols: 90,
		rows: 30,
		cwd: process.cwd(),
		env: {...process.env, FAKE_AGENT_SPIN_MS: '400', FAKE_AGENT_FRAME_MS: '50', FAKE_AGENT_BELL: '1', FAKE_AGENT_NOTIFY: '1'},
	});
	child.onData(data => {
		terminal.write(data, () => {
			detector.observe(terminal);
		});
	});
	const exited = new Promise<number>(resolve => {
		child.onExit(({exitCode}) => {
			detector.exited(`exit code ${exitCode}`);
			resolve(exitCode);
		});
	});
	const ticker = setInterval(() => {
		detector.tick();
	}, 50);

	const until = async (state: AgentState, what: string) => {
		const deadline = Date.now() + 20_000;
		while (detector.state !== state) {
			assert.ok(Date.now() < deadline, `${what}: still ${detector.state} (${states.join(' -> ')})`);
			await new Promise(resolve => {
				setTimeout(resolve, 20);
			});
		}
	};

	try {
		await until('idle', 'the prompt box once still');
		for (const character of 'hello') {
			child.write(character);
		}

		child.write('\r');
		await until('waiting', 'the permission question');
		const explanation = detector.explanation;
		assert.deepEqual([explanation.rule, explanation.detail], ['claude.permission', 'Do you want to proceed?']);
		child.write('1');
		await until('busy', 'after the answer');
		await until('idle', 'the prompt box after the result');
		assert.deepEqual(states, ['starting', 'idle', 'busy', 'waiting', 'busy', 'idle'], signals.join(', '));

		child.write('\u0004');
		assert.equal(await exited, 0);
		assert.equal(detector.state, 'exited');
	} finally {
		clearInterval(ticker);
		child.kill();
		terminal.dispose();
	}
});
