/**
 * Who a collaborator is in awareness (carets, presence list). The sync server sets `user` on
 * every awareness state from the session, so a client cannot appear under another name; the
 * colour is derived from the user id, so the same person has the same colour everywhere.
 */
export interface AwarenessUser {
	id: string;
	name: string;
	color: string;
}

/** Readable on white and distinct from each other; caret labels use white text on them. */
export const USER_COLORS = [
	'#1d4ed8',
	'#b91c1c',
	'#047857',
	'#7e22ce',
	'#c2410c',
	'#0e7490',
	'#be185d',
	'#4d7c0f',
	'#a16207',
	'#4338ca',
	'#0f766e',
	'#9d174d'
] as const;

/** A stable colour for a user id (FNV-1a over the id). */
export function userColor(userId: string): string {
	let hash = 0x811c9dc5;
	for (let i = 0; i < userId.length; i++) {
		hash ^= userId.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return USER_COLORS[(hash >>> 0) % USER_COLORS.length];
}

export function awarenessUser(user: { id: string; name: string }): AwarenessUser {
	return { id: user.id, name: user.name, color: userColor(user.id) };
}
