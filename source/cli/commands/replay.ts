// `claude-tui replay SESSION`: a session's recording played in this terminal, as it happened (on its host's
// terminal for HOST:SESSION, over ssh).
import process from 'node:process';
import {replay} from '../../history/replay.js';
import {inputModesOff} from '../../terminal-modes.js';
import {configuredHosts} from '../connect.js';
import {defineCommand} from '../define.js';
import {UsageError} from '../errors.js';
import {isOnHost, runHistoryOnHost} from '../on-host.js';
import {findSession, warn} from '../recordings.js';

// What a recording may have left on in the user's terminal: the input modes, a hidden cursor, colours.
const modeReset = inputModesOff + '\u001B[?25h\u001B[0m';

export const command = defineCommand({
	usage: 'claude-tui replay SESSION [--speed N] [--idle-limit S]',
	description: 'Replay a session\'s recording in this terminal, as it happened. q or Ctrl+C stops.',
	flags: {speed: {type: 'number'}, idleLimit: {type: 'number'}},
	flagHelp: ['--speed N           Play N times as fast (default 1)', '--idle-limit S      Shorten every pause to at most S seconds'],
	arity: [1, 1],
	async run({flags, inputs: [reference = ''], socket}) {
		const hosts = await configuredHosts();
		if (isOnHost(reference, hosts)) {
			await runHistoryOnHost('replay', reference, flags, hosts);
			return;
		}

		const {speed, idleLimit} = flags;
		if (speed !== undefined && !(speed > 0 && Number.isFinite(speed))) {
			throw new UsageError('--speed takes a number above 0, e.g. --speed 2');
		}

		if (idleLimit !== undefined && !(idleLimit > 0 && Number.isFinite(idleLimit))) {
			throw new UsageError('--idle-limit takes a number of seconds above 0, e.g. --idle-limit 2');
		}

		const session = await findSession(reference, socket);
		await play(session.files, {speed, idleLimit});
	},
});

async function play(files: string[], {speed, idleLimit}: {speed: number | undefined; idleLimit: number | undefined}, stdout = process.stdout, stdin = process.stdin): Promise<void> {
	const controller = new AbortController();
	const stop = () => {
		controller.abort();
	};

	// q or Ctrl+C stops, without the keys echoing into the picture.
	const interactive = stdin.isTTY === true;
	const onKey = (data: Buffer) => {
		if (data.includes(3) || data.includes(0x71) || data.includes(0x1B)) {
			stop();
		}
	};

	if (interactive) {
		stdin.setRawMode(true);
		stdin.on('data', onKey);
		stdin.resume();
	}

	process.once('SIGINT', stop);
	let alternate = false;
	try {
		await replay(files, {
			speed,
			idleLimit,
			signal: controller.signal,
			write(data) {
				alternate = alternateScreenAfter(data, alternate);
				stdout.write(data);
			},
			onProblem: warn,
		});
	} finally {
		process.off('SIGINT', stop);
		if (interactive) {
			stdin.off('data', onKey);
			stdin.setRawMode(false);
			stdin.pause();
		}

		if (stdout.isTTY) {
			stdout.write((alternate ? '\u001B[?1049l' : '') + modeReset + '\r\n');
		}
	}
}

/** Whether the terminal is in the alternate screen after `data`, given whether it was before. */
function alternateScreenAfter(data: string, before: boolean): boolean {
	let state = before;
	for (const match of data.matchAll(/\u001B\[\?(?:1049|1047|47)([hl])/g)) {
		state = match[1] === 'h';
	}

	return state;
}
