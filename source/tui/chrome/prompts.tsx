// Small bordered forms the app overlays on the pane: new session, rename, confirm. The app owns the text and
// the focus; these only draw them.
import React from 'react';
import {Box, Text} from './ink.js';
import {textWidth} from '../ansi-width.js';
import {shortenHome} from '../../format.js';
import {cell, truncate} from './render.js';

export type SessionField = 'name' | 'cwd' | 'command';
export type SessionFields = Record<SessionField, string>;

export type NewSessionPromptProps = {
	width: number;
	fields: SessionFields;
	/** Where each field's cursor is (a string index); default the end. */
	cursors?: Partial<Record<SessionField, number>>;
	/** `host`: the row that chooses the machine, shown when hosts are configured. */
	focusedField: SessionField | 'host';
	/** The hosts to choose from (this machine is `local`), and the one chosen (undefined: this machine). */
	hosts?: {names: readonly string[]; chosen: string | undefined} | undefined;
	/** What an empty field will mean (shown dimmed). */
	placeholders?: Partial<SessionFields>;
	error?: string | undefined;
};

export type RenamePromptProps = {width: number; value: string; cursor?: number; error?: string | undefined};
export type CommandPromptProps = {width: number; value: string; cursor: number; error?: string | undefined};
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
A one-line text field, `width` cells. When focused, an inverse block marks the cursor (at `cursor`, a string index;
default the end) and a long value shows the part around it; an empty field shows its placeholder dimmed.
*/
export function Field({value, placeholder = '', focused, width, cursor: at}: {value: string; placeholder?: string; focused: boolean; width: number; cursor?: number}) {
	if (width <= 0) {
		return null;
	}

	if (focused && at !== undefined && at < value.length) {
		// The cursor inside the text: the character under it inverse, as much before and after it as fits.
		const under = String.fromCodePoint(value.codePointAt(at)!);
		const after = value.slice(at + under.length);
		const before = truncate(value.slice(0, at), Math.max(0, Math.min(textWidth(value.slice(0, at)), width - textWidth(under) - Math.min(textWidth(after), 8))), 'start');
		const rest = truncate(after, Math.max(0, width - textWidth(before) - textWidth(under)));
		return (
			<Text>
				{before}
				<Text inverse>{under}</Text>
				{rest}
				{' '.repeat(Math.max(0, width - textWidth(before) - textWidth(under) - textWidth(rest)))}
			</Text>
		);
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

export function NewSessionPrompt({width, fields, cursors = {}, focusedField, hosts, placeholders = {}, error}: NewSessionPromptProps) {
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
						cursor={cursors[field]}
						placeholder={field === 'cwd' && placeholders.cwd ? shortenHome(placeholders.cwd) : placeholders[field]}
						focused={field === focusedField}
						width={valueWidth}
					/>
				</FieldRow>
			))}
			<Text> </Text>
			<ErrorLine error={error} />
			<Hint text={focusedField === 'host' ? '←/→ host · Tab next field · Enter create · Esc cancel' : 'Tab next field (or completes) · Enter create · Esc cancel'} width={inner} />
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

export function RenamePrompt({width, value, cursor, error}: RenamePromptProps) {
	const {inner} = boxSize(width);
	return (
		<Frame width={width} title="Rename session">
			<FieldRow label="Name" focused>
				<Field value={value} cursor={cursor} focused width={Math.max(0, inner - labelWidth)} />
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

/** prefix : — a claude-tui command to run, as at tmux's command prompt. */
export function CommandPrompt({width, value, cursor, error}: CommandPromptProps) {
	const {inner} = boxSize(width);
	return (
		<Frame width={width} title="Command">
			<Text wrap="truncate">
				<Text color="cyan" bold>{': '}</Text>
				<Field value={value} cursor={cursor} focused width={Math.max(0, inner - 2)} />
			</Text>
			<ErrorLine error={error} />
			<Hint text="new, rename, kill, rm, restore, send, select, detach, copy-mode, paste · Enter run · Esc cancel" width={inner} />
		</Frame>
	);
}
