/**
 * The browser's English messages, fetched only when the page is in English. In the client build
 * the message modules hold only Bahasa Indonesia and look English up here (see
 * vite/lazy-english-messages.ts); `src/hooks.client.ts` fills the table before hydration.
 */
export type EnglishMessage = (inputs: never) => string;

export const english: Record<string, EnglishMessage | undefined> = {};

export async function loadEnglish(): Promise<void> {
	const { default: messages } = await import('virtual:alur/english-messages');
	Object.assign(english, messages);
}
