/**
 * "Delete permanently" asks the user to type the name of what goes (a team's name, a
 * document's title): a deliberate act, not a stray click. Surrounding spaces do not count;
 * letter case does, as in the name shown.
 */
export function confirmsName(typed: string, name: string): boolean {
	return typed.trim() !== '' && typed.trim() === name.trim();
}
