// `node --import tsx bench/profile-summary.ts FILE.cpuprofile [--top N] [--within FUNCTION]`: where a CPU profile
// (from `npm run bench -- --profile DIR`) spends its time, by function: self time and inclusive time.
// --within limits the count to samples whose stack passes through FUNCTION (e.g. the TUI's `paint`).
import fs from 'node:fs';
import path from 'node:path';
import {parseArgs} from 'node:util';

type ProfileNode = {
	id: number;
	callFrame: {functionName: string; url: string; lineNumber: number};
	children?: number[];
};

type Profile = {nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number};

function label(node: ProfileNode): string {
	const {functionName, url, lineNumber} = node.callFrame;
	const file = url === '' ? '' : ` ${path.basename(url.replace(/^file:\/\//, ''))}:${lineNumber + 1}`;
	return `${functionName || '(anonymous)'}${file}`;
}

const {values, positionals} = parseArgs({
	allowPositionals: true,
	options: {top: {type: 'string', default: '25'}, within: {type: 'string'}},
});
const top = Number(values.top);
for (const file of positionals) {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
	const byId = new Map(profile.nodes.map(node => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes) {
		for (const child of node.children ?? []) {
			parent.set(child, node.id);
		}
	}

	const self = new Map<string, number>();
	const inclusive = new Map<string, number>();
	let total = 0;
	let idle = 0;
	for (const [index, sampleId] of profile.samples.entries()) {
		const micros = profile.timeDeltas[index + 1] ?? 0;
		const stack: ProfileNode[] = [];
		for (let id: number | undefined = sampleId; id !== undefined; id = parent.get(id)) {
			stack.push(byId.get(id)!);
		}

		const leaf = stack[0]!;
		if (leaf.callFrame.functionName === '(idle)') {
			idle += micros;
			continue;
		}

		if (values.within && !stack.some(node => node.callFrame.functionName === values.within)) {
			continue;
		}

		total += micros;
		self.set(label(leaf), (self.get(label(leaf)) ?? 0) + micros);
		for (const name of new Set(stack.map(node => label(node)))) {
			inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
		}
	}

	const wall = (profile.endTime - profile.startTime) / 1000;
	const scope = values.within ? ` within ${values.within}` : '';
	console.log(`${path.basename(file)}: ${(total / 1000).toFixed(0)} ms busy${scope}, ${(idle / 1000).toFixed(0)} ms idle, ${wall.toFixed(0)} ms wall`);
	const print = (title: string, table: Map<string, number>) => {
		console.log(`  ${title}`);
		for (const [name, micros] of [...table].sort((a, b) => b[1] - a[1]).slice(0, top)) {
			console.log(`    ${(micros / 1000).toFixed(1).padStart(8)} ms ${((micros / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
		}
	};

	print('self time', self);
	print('inclusive time', inclusive);
}
