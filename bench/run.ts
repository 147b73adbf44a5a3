// `npm run bench [-- --quick] [--only keystroke,flood] [--profile DIR]`: claude-tui beside tmux, measured in one
// run on this machine, each in a private server, printed as a markdown table of ratios and saved as
// bench/results.json.
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {fileURLToPath} from 'node:url';
import {makeFixtures} from './fixtures.js';
import {Teardown} from './harness/teardown.js';
import {measureClientMemory} from './measures/client-memory.js';
import {measureCreate} from './measures/create.js';
import {measureFlood} from './measures/flood.js';
import {measureIdleCpu} from './measures/idle-cpu.js';
import {measureKeystroke, measureSshKeystroke, sshKeystrokeAbsent} from './measures/keystroke.js';
import {measureMemory} from './measures/memory.js';
import type {MeasureOptions} from './measures/options.js';
import {measurePing} from './measures/ping.js';
import {measureStartup} from './measures/startup.js';
import {measureSwitch} from './measures/switch.js';
import {buildRows, renderNotes, renderTable, type Outcome, type Results} from './report.js';
import {claudeTui} from './subjects/claude-tui.js';
import type {Size, Subject, SubjectName, World} from './subjects/subject.js';
import {tmux} from './subjects/tmux.js';

type Measure = {
	id: keyof Results;
	what: string;
	run: (world: World, options: MeasureOptions) => Promise<unknown>;
	/** Why it cannot run on this machine (a program missing), if so: both columns say `absent`. */
	absent?: () => string | undefined;
};

const measures: Measure[] = [
	{id: 'keystroke', what: 'keystroke echo', run: measureKeystroke},
	{id: 'sshKeystroke', what: 'keystroke echo through ssh', run: measureSshKeystroke, absent: sshKeystrokeAbsent},
	{id: 'flood', what: 'flood', run: measureFlood},
	{id: 'switch', what: 'switch', run: measureSwitch},
	{id: 'memory', what: 'memory', run: measureMemory},
	{id: 'clientMemory', what: 'client memory', run: measureClientMemory},
	{id: 'create', what: 'session create', run: measureCreate},
	{id: 'ping', what: 'control round trip', run: measurePing},
	{id: 'idleCpu', what: 'idle CPU', run: measureIdleCpu},
	{id: 'startup', what: 'start-up', run: measureStartup},
];

const outer: Size = {cols: 200, rows: 50};
const benchDirectory = path.dirname(fileURLToPath(import.meta.url));

function log(message: string): void {
	process.stderr.write(`bench: ${message}\n`);
}

function gitCommit(): string | undefined {
	try {
		const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {cwd: benchDirectory, encoding: 'utf8'}).trim();
		const dirty = execFileSync('git', ['status', '--porcelain', '--', 'source'], {cwd: benchDirectory, encoding: 'utf8'}).trim() !== '';
		return dirty ? `${commit} (source/ modified)` : commit;
	} catch {
		return undefined;
	}
}

async function main(): Promise<number> {
	const {values} = parseArgs({
		options: {
			quick: {type: 'boolean', default: false},
			only: {type: 'string'},
			output: {type: 'string', default: path.join(benchDirectory, 'results.json')},
			// CPU profiles of claude-tui's daemon and TUI, one file per process, for reading where time goes.
			profile: {type: 'string'},
		},
	});
	const quick = values.quick ?? false;
	const only = values.only?.split(',').map(id => id.trim());
	const selected = only ? measures.filter(measure => only.includes(measure.id)) : measures;
	if (only && selected.length !== only.length) {
		throw new Error(`--only takes a comma-separated list of: ${measures.map(measure => measure.id).join(', ')}`);
	}

	const profileDirectory = values.profile === undefined ? undefined : path.resolve(values.profile);
	const teardown = new Teardown();
	teardown.installSignalHandlers();
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-tui-bench-'));
	fs.chmodSync(root, 0o700);
	teardown.add(`the directory ${root}`, () => {
		fs.rmSync(root, {recursive: true, force: true});
	});

	const startedAt = new Date();
	const started = performance.now();
	const versions: Record<SubjectName, string | undefined> = {'claude-tui': await claudeTui.version(), tmux: await tmux.version()};
	const machine = {
		cores: os.cpus().length,
		cpu: os.cpus()[0]?.model,
		node: process.version,
		tmux: versions.tmux ?? 'absent',
		claudeTui: versions['claude-tui'],
		commit: gitCommit(),
		loadAverageAtStart: os.loadavg(),
	};
	log(`${quick ? 'quick' : 'full'} run: ${machine.cores} cores, Node ${machine.node}, tmux ${machine.tmux}, claude-tui ${machine.claudeTui}; load ${machine.loadAverageAtStart.map(load => load.toFixed(2)).join(' ')}`);

	const results: Results = {};
	let failures = 0;
	try {
		const fixtures = makeFixtures(root, (quick ? 10 : 50) * 1024 * 1024);

		const subjects: Subject[] = [claudeTui, tmux];
		for (const measure of selected) {
			const outcomes: Partial<Record<SubjectName, Outcome<unknown>>> = {};
			(results as Record<string, unknown>)[measure.id] = outcomes;
			const absent = measure.absent?.();
			if (absent !== undefined) {
				log(`${measure.what}: absent, it ${absent}`);
			}

			for (const subject of subjects) {
				if (versions[subject.name] === undefined || absent !== undefined) {
					outcomes[subject.name] = {ok: false, absent: true};
					continue;
				}

				const directory = path.join(root, `${measure.id}-${subject.name}`);
				fs.mkdirSync(directory, {mode: 0o700});
				const options: MeasureOptions = {quick, outer, fixtures, directory, log};
				const measureStarted = performance.now();
				log(`${measure.what}: ${subject.name}…`);
				let world: World | undefined;
				try {
					world = await subject.open({directory, cwd: directory, teardown, profileDirectory: profileDirectory && path.join(profileDirectory, measure.id)});
					outcomes[subject.name] = {ok: true, value: await measure.run(world, options)};
				} catch (error) {
					failures++;
					outcomes[subject.name] = {ok: false, error: (error as Error).message};
					log(`${measure.what} failed for ${subject.name}: ${(error as Error).stack ?? String(error)}`);
				} finally {
					await world?.close();
				}

				log(`${measure.what}: ${subject.name} took ${((performance.now() - measureStarted) / 1000).toFixed(1)} s`);
			}
		}
	} finally {
		await teardown.run();
	}

	const rows = buildRows(results);
	const table = renderTable(rows);
	const durationSeconds = (performance.now() - started) / 1000;
	const header = `claude-tui ${machine.claudeTui} (${machine.commit ?? 'no git'}) vs tmux ${machine.tmux}; ${machine.cores} cores, Node ${machine.node}; `
		+ `outer terminal ${outer.cols}x${outer.rows}; ${quick ? '--quick' : 'full'} run of ${durationSeconds.toFixed(0)} s; load average at start ${machine.loadAverageAtStart[0]!.toFixed(2)}`;
	process.stdout.write(`${header}\n\n${table}\n\n${renderNotes(results)}\n`);
	const document = {
		startedAt: startedAt.toISOString(),
		durationSeconds,
		mode: quick ? 'quick' : 'full',
		outerTerminal: outer,
		machine: {...machine, loadAverageAtEnd: os.loadavg()},
		rows,
		details: results,
	};
	fs.writeFileSync(values.output!, JSON.stringify(document, null, '\t') + '\n');
	log(`wrote ${values.output}`);
	return failures === 0 ? 0 : 1;
}

let exitCode = 1;
try {
	exitCode = await main();
} catch (error) {
	log((error as Error).stack ?? String(error));
}

// Explicitly: a handle left open by a client library must not keep a finished bench alive.
process.exit(exitCode);
