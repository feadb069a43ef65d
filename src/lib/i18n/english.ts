/**
 * The browser's English messages, fetched only when the page is in English. In the client build
 * the message modules hold only Bahasa Indonesia and look English up here (see
 * vite/lazy-english-messages.ts); `src/hooks.client.ts` fills the table before hydration.
 */
export type EnglishMessage = (inputs: never) => string;

export const english: Record<string, EnglishMessage | undefined> = {};

/**
 * A browser message: `id` is its Bahasa Indonesia text. The table holds English only on an
 * English page (the locale changes only with a new document), so no call reads the locale
 * cookie: a message is English when the table has it and the caller did not ask for `id`.
 * A caller asking for `en` on an Indonesian page gets Bahasa Indonesia, as when the English
 * module cannot be fetched.
 */
export function message<Inputs>(key: string, id: (inputs: Inputs) => string) {
	return (inputs = {} as Inputs, options: { locale?: 'id' | 'en' } = {}): string =>
		((options.locale !== 'id' && (english[key] as ((inputs: Inputs) => string) | undefined)) || id)(inputs);
}

export async function loadEnglish(): Promise<void> {
	const { default: messages } = await import('virtual:alur/english-messages');
	Object.assign(english, messages);
}
