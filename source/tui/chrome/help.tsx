// Every key, in one box over the pane (prefix ?).
import React from 'react';
import {Box, Text} from './ink.js';
import {prefixHelp} from '../bindings.js';
import {cell} from './render.js';

export type HelpProps = {width: number; height: number; /** Like C-b. */ prefix: string};

type Row = {keys: string; what: string} | {heading: string} | 'gap';

function rows(prefix: string): Row[] {
	return [
		{heading: `${prefix}, then:`},
		...prefixHelp.map(({keys, what}) => ({keys, what})),
		{keys: prefix, what: `send ${prefix} to the session`},
		'gap',
		{heading: 'Sidebar'},
		{keys: '↑ ↓  j k', what: 'move · Enter back to pane · Esc cancel'},
		{heading: 'Copy mode (vi keys · emacs keys)'},
		{keys: '/ ?  C-s C-r', what: 'search down / up · n N next / previous'},
		{keys: 'v V  C-Space', what: 'select · y Enter  M-w copy · q leave'},
	];
}

const keyColumn = 16;
const title = 'claude-tui keys';
const footer = 'Press any key to close';

export function Help({width, height, prefix}: HelpProps) {
	const all = rows(prefix);
	const rowsHigh = Math.max(0, height);
	// Border, title, gap, rows, gap, footer.
	const framed = all.length + 6 <= rowsHigh;
	// Without room for the frame, drop blank lines too, then keys from the end: the title and footer stay.
	const list = framed ? all : all.filter(row => row !== 'gap').slice(0, Math.max(0, rowsHigh - 2));
	const boxWidth = Math.max(1, Math.min(width, 62));
	const inner = Math.max(0, boxWidth - (framed ? 4 : 0));
	const lines: React.ReactNode[] = list.map((row, index) => {
		if (row === 'gap') {
			return <Text key={index}> </Text>;
		}

		if ('heading' in row) {
			return (
				<Text key={index} bold wrap="truncate">
					{cell(row.heading, inner)}
				</Text>
			);
		}

		return (
			<Text key={index} wrap="truncate">
				<Text color="cyan">{cell('  ' + row.keys, Math.min(inner, keyColumn))}</Text>
				{cell(row.what, Math.max(0, inner - keyColumn))}
			</Text>
		);
	});

	return (
		<Box width={width} height={rowsHigh} flexDirection="column" alignItems="center" justifyContent="center" overflow="hidden">
			<Box
				flexDirection="column"
				width={boxWidth}
				flexShrink={0}
				borderStyle={framed ? 'round' : undefined}
				borderColor="cyan"
				paddingX={framed ? 1 : 0}
			>
				<Text bold color="cyan" wrap="truncate">
					{cell(title, inner)}
				</Text>
				{framed && <Text> </Text>}
				{lines}
				{framed && <Text> </Text>}
				{rowsHigh > 1 && (
					<Text dimColor wrap="truncate">
						{cell(footer, inner)}
					</Text>
				)}
			</Box>
		</Box>
	);
}
