/**
 * Close codes of the sync WebSocket, shared by the server (which closes with them) and the
 * browser (which shows a translated message for them). 4000–4999 are application codes.
 * Codes the client must not retry are listed in PERMANENT_CLOSE_CODES.
 */
export const CloseCode = {
	/** Server is restarting (standard 1012): reconnect. */
	ServiceRestart: 1012,
	/** A message larger than the limit. */
	MessageTooLarge: 4001,
	/** A message that does not decode, or an update that does not apply. */
	InvalidMessage: 4002,
	/** More messages per second than allowed. */
	RateLimited: 4003,
	/** An awareness state over the size cap, or for another client id. */
	InvalidAwareness: 4004,
	/** The connection read too slowly; its send buffer passed the cap. */
	SlowReader: 4005,
	/** The user's role does not allow this change (viewer edit, commenter body edit). */
	PermissionDenied: 4006,
	/** The user's access to the document was removed while connected. */
	AccessRevoked: 4007,
	/** The session ended (signed out, expired, account removed). */
	SessionEnded: 4008,
	/** The document could not be loaded from the database; try again later. */
	LoadFailed: 4009,
	/** The document was archived while connected: it is read-only now (reload to read it). */
	DocumentArchived: 4010,
	/** The document (or its team) was deleted, or its row vanished, while connected. */
	DocumentDeleted: 4011,
	/** The document passed its size limit: it stays readable, further growth is refused. */
	DocumentTooLarge: 4012,
	/** The user has too many sync sockets open (per-user cap). */
	TooManyConnections: 4013,
	/** The connection sent more bytes than its budget allows. */
	ByteBudgetExceeded: 4014,
	/** The update would leave a gap in, or write under, a client id this connection may not author. */
	ForgedUpdate: 4015,
	/** A write in the comments the rules refuse: another person's message, a forged author or resolver, a changed anchor, a value outside the contract. */
	CommentRejected: 4016
} as const;

export type CloseCodeName = keyof typeof CloseCode;
export type CloseCodeValue = (typeof CloseCode)[CloseCodeName];

/** After these the client stops reconnecting and shows the reason. */
export const PERMANENT_CLOSE_CODES: ReadonlySet<number> = new Set([
	CloseCode.PermissionDenied,
	CloseCode.AccessRevoked,
	CloseCode.DocumentArchived,
	CloseCode.DocumentDeleted,
	CloseCode.DocumentTooLarge,
	CloseCode.ForgedUpdate,
	CloseCode.CommentRejected,
	CloseCode.SessionEnded,
	CloseCode.MessageTooLarge,
	CloseCode.InvalidMessage,
	CloseCode.InvalidAwareness
]);

export function closeCodeName(code: number): CloseCodeName | null {
	for (const [name, value] of Object.entries(CloseCode)) if (value === code) return name as CloseCodeName;
	return null;
}
