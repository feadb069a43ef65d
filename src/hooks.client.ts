import type { ClientInit } from '@sveltejs/kit';
import { currentLocale } from '$lib/i18n/current-locale';
import { loadEnglish } from '$lib/i18n/english';

/**
 * English messages are a module of their own in the browser (vite/lazy-english-messages.ts),
 * fetched before hydration when the page is in English. If it cannot be fetched, messages the
 * browser renders fall back to Bahasa Indonesia rather than the page not starting.
 */
export const init: ClientInit = async () => {
	if (currentLocale() !== 'en') return;
	try {
		await loadEnglish();
	} catch (error) {
		console.error('English messages could not be loaded', error);
	}
};
