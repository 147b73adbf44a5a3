// `npm run bench:agents [-- --runs N] [--serial] [--only plain,bash]`: the real Claude Code in claude-tui sessions,
// every launch mode against one mock API, every scenario; prints a markdown table of scenario x launch mode: how
// much of the time the state was right, and the worst lag of a change the issue promises (a dialog to waiting,
// a turn's end or Esc to idle), and writes the raw outcomes to bench/agents-results.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {fileURLToPath} from 'node:url';
import {type ScenarioName, type ScenarioOutcome, expectedSequences, scenarioNames} from '../test/helpers/agent-scenarios.js';
import {ClaudeWorld, type LaunchMode, launchModes} from '../test/helpers/claude-world.js';

const benchDirectory = path.dirname(fileURLToPath(import.meta.url));

type Row = {mode: LaunchMode; outcome: ScenarioOutcome; reasons: string[]};

async function runMode(world: ClaudeWorld, mode: LaunchMode, scenarios: readonly ScenarioName[]): Promise<Row[]> {
	const session = await world.launch(mode);
	const rows: Row[] = [];
	for (const scenario of scenarios) {
		const from = Date.now();
		// eslint-disable-next-line no-await-in-loop
		const outcome = await session.driver.scenario(scenario);
		const reasons = session.watch.reasons.filter(({t}) => t >= from).map(({value}) => value);
		rows.push({mode, outcome, reasons});
		process.stderr.write(`bench: ${mode} ${scenario}: ${outcome.sequence.join(' ')} (${Math.round(outcome.right * 100)}% right)\n`);
	}

	return rows;
}

/** The lag that matters for the scenario: what the issue promises. */
function promisedLag(outcome: ScenarioOutcome): number {
	const promised = outcome.lags.filter(({truth}) => truth !== 'busy');
	return Math.max(0, ...promised.map(({ms}) => ms));
}

function table(rows: Row[], modes: readonly LaunchMode[], scenarios: readonly ScenarioName[]): string {
	const cell = (mode: LaunchMode, scenario: ScenarioName) => {
		const mine = rows.filter(row => row.mode === mode && row.outcome.scenario === scenario);
		if (mine.length === 0) {
			return '–';
		}

		const right = Math.min(...mine.map(row => row.outcome.right));
		const lag = Math.max(...mine.map(row => promisedLag(row.outcome)));
		const wrong = mine.some(row => !expectedSequences[scenario].test(row.outcome.sequence.join(' ')) || row.outcome.idleWhileWaitingMs > 0);
		return `${Math.round(right * 100)}% · ${(lag / 1000).toFixed(2)} s${wrong ? ' ✗' : ''}`;
	};

	return [
		`| Scenario | ${modes.join(' | ')} |`,
		`| --- | ${modes.map(() => '---:').join(' | ')} |`,
		...scenarios.map(scenario => `| ${scenario} | ${modes.map(mode => cell(mode, scenario)).join(' | ')} |`),
	].join('\n');
}

async function main(): Promise<void> {
	const {values} = parseArgs({
		options: {
			runs: {type: 'string', default: '1'},
			serial: {type: 'boolean', default: false},
			only: {type: 'string'},
			modes: {type: 'string'},
		},
	});
	const scenarios = values.only ? (values.only.split(',') as ScenarioName[]) : scenarioNames;
	const modes = values.modes ? (values.modes.split(',') as LaunchMode[]) : launchModes;
	const rows: Row[] = [];
	const started = Date.now();
	let version = '';
	for (let run = 0; run < Number(values.runs); run++) {
		// A world each run: a fresh daemon, fresh Claude Code configuration, one mock.
		// eslint-disable-next-line no-await-in-loop
		const world = await ClaudeWorld.start();
		version = world.claude.version;
		try {
			if (values.serial) {
				for (const mode of modes) {
					// eslint-disable-next-line no-await-in-loop
					rows.push(...await runMode(world, mode, scenarios));
				}
			} else {
				// eslint-disable-next-line no-await-in-loop
				rows.push(...(await Promise.all(modes.map(async mode => runMode(world, mode, scenarios)))).flat());
			}
		} finally {
			// eslint-disable-next-line no-await-in-loop
			await world.close().catch((error: unknown) => {
				process.stderr.write(`bench: cleanup: ${(error as Error).message}\n`);
			});
		}
	}

	const header = `Claude Code ${version} against a mock API; ${os.cpus().length} cores, Node ${process.version}; ${values.runs} run(s), ${values.serial ? 'modes one after another' : 'modes in parallel'}, ${Math.round((Date.now() - started) / 1000)} s; load average at the end ${os.loadavg()[0]!.toFixed(2)}`;
	process.stdout.write(`${header}\n\nEach cell: share of the time the state was right (the worst run) · worst lag of a promised change (a dialog to waiting, a turn's end or Esc to idle); ✗ marks a state sequence with a change that was not real, or idle while a dialog showed.\n\n${table(rows, modes, scenarios)}\n`);
	fs.writeFileSync(path.join(benchDirectory, 'agents-results.json'), `${JSON.stringify({header, rows}, undefined, 2)}\n`);
}

await main();
