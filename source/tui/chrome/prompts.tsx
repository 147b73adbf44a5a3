// Small bordered forms the app overlays on the pane: new session, rename, confirm. The app owns the text and
// the focus; these only draw them.
import React from 'react';
import {Box, Text} from './ink.js';
import {textWidth} from '../ansi-width.js';
import {cell, shortenHome, truncate} from './render.js';

export type SessionField = 'name' | 'cwd' | 'command';
export type SessionFields = Record<SessionField, string>;

export type NewSessionPromptProps = {
	width: number;
	fields: SessionFields;
	/** `host`: the row that chooses the machine, shown when hosts are configured. */
	focusedField: SessionField | 'host';
	/** The hosts to choose from (this machine is `local`), and the one chosen (undefined: this machine). */
	hosts?: {names: readonly string[]; chosen: string | undefined} | undefined;
	/** What an empty field will mean (shown dimmed). */
	placeholders?: Partial<SessionFields>;
	error?: string | undefined;
};

export type RenamePromptProps = {width: number; value: string; error?: string | undefined};
export type ConfirmPromptProps = {width: number; message: string};

const maxBoxWidth = 64;
const labelWidth = 12;
const fieldLabels: Record<SessionField, string> = {name: 'Name', cwd: 'Directory', command: 'Command'};

/** The box's width and the text width inside it (border and one space of padding each side). */
function boxSize(width: number): {box: number; inner: number} {
	const box = Math.max(1, Math.min(width, maxBoxWidth));
	return {box, inner: Math.max(0, box - 4)};
}

function Frame({width, title, color = 'cyan', children}: {width: number; title?: string; color?: string; children: React.ReactNode}) {
	const {box, inner} = boxSize(width);
	return (
		<Box width={width} flexDirection="column" alignItems="center">
			<Box width={box} flexShrink={0} flexDirection="column" borderStyle="round" borderColor={color} paddingX={1}>
				{title !== undefined && (
					<Text bold color={color} wrap="truncate">
						{cell(title, inner)}
					</Text>
				)}
				{children}
			</Box>
		</Box>
	);
}

/**
A one-line text field, `width` cells. When focused, an inverse block marks the cursor at the end and a long
value shows its end (where the typing happens); an empty field shows its placeholder dimmed.
*/
export function Field({value, placeholder = '', focused, width}: {value: string; placeholder?: string; focused: boolean; width: number}) {
	if (width <= 0) {
		return null;
	}

	const room = focused ? width - 1 : width;
	const shown = truncate(value, room, focused ? 'start' : 'end');
	const cursor = focused ? <Text inverse> </Text> : '';
	if (value === '') {
		return (
			<Text>
				{cursor}
				<Text dimColor>{cell(placeholder, room)}</Text>
			</Text>
		);
	}

	return (
		<Text>
			{shown}
			{cursor}
			{' '.repeat(Math.max(0, room - textWidth(shown)))}
		</Text>
	);
}

function FieldRow({label, focused, children}: {label: string; focused: boolean; children: React.ReactNode}) {
	return (
		<Text wrap="truncate">
			<Text color={focused ? 'cyan' : undefined} bold={focused} dimColor={!focused}>
				{cell(`${focused ? '›' : ' '} ${label}`, labelWidth)}
			</Text>
			{children}
		</Text>
	);
}

function Hint({text, width}: {text: string; width: number}) {
	return (
		<Text dimColor wrap="truncate">
			{cell(text, width)}
		</Text>
	);
}

function ErrorLine({error}: {error: string | undefined}) {
	if (!error) {
		return null;
	}

	// Errors may be long (a spawn failure): let them wrap rather than lose the reason.
	return <Text color="red">{error}</Text>;
}

export function NewSessionPrompt({width, fields, focusedField, hosts, placeholders = {}, error}: NewSessionPromptProps) {
	const {inner} = boxSize(width);
	const valueWidth = Math.max(0, inner - labelWidth);
	return (
		<Frame width={width} title="New session">
			<Text> </Text>
			{hosts && hosts.names.length > 0 && (
				<FieldRow label="Host" focused={focusedField === 'host'}>
					<HostChoice names={hosts.names} chosen={hosts.chosen} focused={focusedField === 'host'} width={valueWidth} />
				</FieldRow>
			)}
			{(['name', 'cwd', 'command'] as const).map(field => (
				<FieldRow key={field} label={fieldLabels[field]} focused={field === focusedField}>
					<Field
						value={fields[field]}
						placeholder={field === 'cwd' && placeholders.cwd ? shortenHome(placeholders.cwd) : placeholders[field]}
						focused={field === focusedField}
						width={valueWidth}
					/>
				</FieldRow>
			))}
			<Text> </Text>
			<ErrorLine error={error} />
			<Hint text={focusedField === 'host' ? '←/→ host · Tab next field · Enter create · Esc cancel' : 'Tab next field · Enter create · Esc cancel'} width={inner} />
		</Frame>
	);
}

/** `local  gpu  build`, the chosen one marked (inverse while the row has the focus). */
function HostChoice({names, chosen, focused, width}: {names: readonly string[]; chosen: string | undefined; focused: boolean; width: number}) {
	const choices = [{label: 'local', value: undefined}, ...names.map(name => ({label: name, value: name}))];
	let used = 0;
	const parts: React.ReactNode[] = [];
	for (const choice of choices) {
		const text = ` ${choice.label} `;
		if (used + text.length > width) {
			break;
		}

		used += text.length;
		const isChosen = choice.value === chosen;
		parts.push(<Text key={choice.label} inverse={isChosen && focused} bold={isChosen} dimColor={!isChosen}>{text}</Text>);
	}

	return (
		<Text>
			{parts}
			{' '.repeat(Math.max(0, width - used))}
		</Text>
	);
}

export function RenamePrompt({width, value, error}: RenamePromptProps) {
	const {inner} = boxSize(width);
	return (
		<Frame width={width} title="Rename session">
			<FieldRow label="Name" focused>
				<Field value={value} focused width={Math.max(0, inner - labelWidth)} />
			</FieldRow>
			<ErrorLine error={error} />
			<Hint text="Enter rename · Esc cancel" width={inner} />
		</Frame>
	);
}

export function ConfirmPrompt({width, message}: ConfirmPromptProps) {
	const {inner} = boxSize(width);
	return (
		<Frame width={width} color="yellow">
			<Text bold>{message}</Text>
			<Text> </Text>
			<Hint text="y confirm · any other key cancels" width={inner} />
		</Frame>
	);
}
