// `npm run bench:agents [-- --agents claude,codex,gemini] [--runs N] [--serial] [--only plain,bash] [--modes shell]`:
// the real agents (Claude Code, Codex CLI, Gemini CLI) in claude-tui sessions, each against its own mock API, every
// launch mode, every scenario; prints a markdown table per agent of scenario x launch mode: how much of the time the
// state was right, and the worst lag of a change the issue promises (a dialog to waiting, a turn's end or Esc to
// idle), and writes the raw outcomes to bench/agents-results.json. The agents run one after another, the modes of
// one agent side by side.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {fileURLToPath} from 'node:url';
import {type ScenarioName, type ScenarioOutcome, expectedSequences, scenarioNames} from '../test/helpers/agent-scenarios.js';
import type {AgentSession, AgentWorld} from '../test/helpers/agent-world.js';
import {ClaudeWorld} from '../test/helpers/claude-world.js';
import {CodexWorld} from '../test/helpers/codex-world.js';
import {GeminiWorld} from '../test/helpers/gemini-world.js';

const benchDirectory = path.dirname(fileURLToPath(import.meta.url));

/** One agent's world as the bench drives it: its modes by name. */
type World = {modes: readonly string[]; version: string; launch(mode: string): Promise<AgentSession<string>>; close(): Promise<void>};

function benchWorld<Mode extends string>(world: AgentWorld<Mode, {close(): Promise<void>}>, version: string): World {
	return {modes: world.modes, version, launch: async mode => world.launch(mode as Mode), close: async () => world.close()};
}

/** Each agent: how to start a fresh world. */
const agents: Record<string, {name: string; start: () => Promise<World>}> = {
	claude: {name: 'Claude Code', start: async () => ClaudeWorld.start().then(world => benchWorld(world, world.claude.version))},
	codex: {name: 'Codex CLI', start: async () => CodexWorld.start().then(world => benchWorld(world, world.codex.version))},
	gemini: {name: 'Gemini CLI', start: async () => GeminiWorld.start().then(world => benchWorld(world, world.gemini.version))},
};

type Row = {agent: string; mode: string; outcome: ScenarioOutcome; reasons: string[]};

async function runMode(world: World, agent: string, mode: string, scenarios: readonly ScenarioName[]): Promise<Row[]> {
	const session = await world.launch(mode);
	const rows: Row[] = [];
	for (const scenario of scenarios) {
		const from = Date.now();
		const outcome = await session.driver.scenario(scenario);
		const reasons = session.watch.reasons.filter(({t}) => t >= from).map(({value}) => value);
		rows.push({agent, mode, outcome, reasons});
		process.stderr.write(`bench: ${agent} ${mode} ${scenario}: ${outcome.sequence.join(' ')} (${Math.round(outcome.right * 100)}% right)\n`);
	}

	return rows;
}

/** The lag that matters for the scenario: what the issue promises. */
function promisedLag(outcome: ScenarioOutcome): number {
	const promised = outcome.lags.filter(({truth}) => truth !== 'busy');
	return Math.max(0, ...promised.map(({ms}) => ms));
}

function table(rows: Row[], modes: readonly string[], scenarios: readonly ScenarioName[]): string {
	const cell = (mode: string, scenario: ScenarioName) => {
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
			agents: {type: 'string', default: Object.keys(agents).join(',')},
			runs: {type: 'string', default: '1'},
			serial: {type: 'boolean', default: false},
			only: {type: 'string'},
			modes: {type: 'string'},
		},
	});
	const chosen = values.agents.split(',');
	const unknown = chosen.filter(agent => !(agent in agents));
	if (unknown.length > 0) {
		throw new Error(`No agent ${unknown.join(', ')}; there are ${Object.keys(agents).join(', ')}`);
	}

	const scenarios = values.only ? (values.only.split(',') as ScenarioName[]) : scenarioNames;
	const rows: Row[] = [];
	const tables: string[] = [];
	const started = Date.now();
	for (const agent of chosen) {
		const {name, start} = agents[agent]!;
		let modes: readonly string[] = [];
		let found = '';
		const agentStarted = Date.now();
		for (let run = 0; run < Number(values.runs); run++) {
			// A world each run: a fresh daemon, fresh agent configuration, one mock.
			const world = await start();
			found = world.version;
			modes = values.modes ? world.modes.filter(mode => values.modes!.split(',').includes(mode)) : world.modes;
			try {
				if (values.serial) {
					for (const mode of modes) {
						rows.push(...await runMode(world, agent, mode, scenarios));
					}
				} else {
					rows.push(...(await Promise.all(modes.map(async mode => runMode(world, agent, mode, scenarios)))).flat());
				}
			} finally {
				await world.close().catch((error: unknown) => {
					process.stderr.write(`bench: cleanup: ${(error as Error).message}\n`);
				});
			}
		}

		tables.push(`${name} ${found}, ${Math.round((Date.now() - agentStarted) / 1000)} s:\n\n${table(rows.filter(row => row.agent === agent), modes, scenarios)}`);
	}

	const header = `${chosen.map(agent => agents[agent]!.name).join(', ')} against mock APIs; ${os.cpus().length} cores, Node ${process.version}; ${values.runs} run(s), ${values.serial ? 'modes one after another' : 'modes in parallel'}, ${Math.round((Date.now() - started) / 1000)} s; load average at the end ${os.loadavg()[0]!.toFixed(2)}`;
	process.stdout.write(`${header}\n\nEach cell: share of the time the state was right (the worst run) · worst lag of a promised change (a dialog to waiting, a turn's end or Esc to idle); ✗ marks a state sequence with a change that was not real, or idle while a dialog showed.\n\n${tables.join('\n\n')}\n`);
	fs.writeFileSync(path.join(benchDirectory, 'agents-results.json'), `${JSON.stringify({header, rows}, undefined, 2)}\n`);
}

await main();
