// npm run soak [-- --quick] [--seed N]: the daemon against what a hostile or unlucky local world does to it, on Unix
// sockets only (no network), each phase bounded in count and time. Prints a markdown table (what, count, survived,
// lost) and exits 1 if anything was lost.
import os from 'node:os';
import process from 'node:process';
import {parseArgs} from 'node:util';
import {version} from '../source/version.js';
import {makeDaemonSandbox} from '../test/helpers/daemon.js';
import type {SoakOptions, SoakRow} from './common.js';
import {deletedSocketPhase, fullDiskPhase, killedDaemonPhase} from './crash-phases.js';
import {abandonedPhase, fuzzPhase, killedClientsPhase, slowPhase} from './protocol-phases.js';

const {values} = parseArgs({options: {quick: {type: 'boolean', default: false}, seed: {type: 'string'}}});
const options: SoakOptions = {
	quick: values.quick === true,
	seed: values.seed === undefined ? Math.floor(Math.random() * 1e9) : Number(values.seed),
	log(message) {
		process.stderr.write(`soak: ${message}\n`);
	},
};

const started = Date.now();
const rows: SoakRow[] = [];
const run = async (name: string, phase: () => Promise<SoakRow>) => {
	options.log(`${name}…`);
	const phaseStarted = Date.now();
	try {
		rows.push(await phase());
	} catch (error) {
		rows.push({what: name, count: 0, survived: 0, lost: 1, note: `the phase failed: ${(error as Error).message.split('\n')[0]}`});
	}

	options.log(`${name}: ${((Date.now() - phaseStarted) / 1000).toFixed(1)} s`);
};

// The protocol phases share one daemon (with a session that must come through all of them untouched).
const sandbox = await makeDaemonSandbox();
try {
	await sandbox.startForeground();
	const control = await sandbox.connect();
	await control.request('session.create', {name: 'control', command: 'sh', args: ['-c', 'exec sleep 3600']});
	await run('fuzzed requests', async () => fuzzPhase(sandbox, control, options));
	await run('abandoned connections', async () => abandonedPhase(sandbox, options));
	await run('slow connections', async () => slowPhase(sandbox, options));
	await run('killed clients', async () => killedClientsPhase(sandbox, control, options));
} finally {
	await sandbox.cleanup();
}

await run('killed daemon', async () => killedDaemonPhase(options));
await run('deleted socket', async () => deletedSocketPhase(options));
await run('full disk', async () => fullDiskPhase(options));

const seconds = Math.round((Date.now() - started) / 1000);
console.log(`claude-tui ${version}, ${options.quick ? 'quick' : 'full'} soak, seed ${options.seed}, ${seconds} s; ${os.cpus().length} cores, Node ${process.version}\n`);
console.log('| What | Count | Survived | Lost | Notes |');
console.log('| --- | ---: | ---: | ---: | --- |');
for (const row of rows) {
	console.log(`| ${row.what} | ${row.count.toLocaleString('en')} | ${row.survived.toLocaleString('en')} | ${row.lost} | ${row.note.replaceAll('|', '\\|')} |`);
}

process.exitCode = rows.some(row => row.lost > 0) ? 1 : 0;
