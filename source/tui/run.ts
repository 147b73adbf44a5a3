export type TuiOptions = {
	socket: string;
	embedded: boolean;
	session: string | undefined;
	prefix: string | undefined;
	sidebarWidth: number | undefined;
};

export async function runTui(_options: TuiOptions): Promise<void> {
	throw new Error('The TUI is not built yet');
}
