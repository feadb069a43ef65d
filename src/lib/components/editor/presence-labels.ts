import { m } from '$lib/paraglide/messages';
import type { PresentUser } from './collab-session.svelte';

/** How a present user is named: "Name (Anda)" for oneself. */
export const presenceLabel = (user: PresentUser): string => (user.self ? m.editor_presence_you({ name: user.name }) : user.name);

/** An avatar's initials: the first and last word's first letters, or a single word's first two. */
export function initials(name: string): string {
	const words = name.trim().split(/\s+/).filter(Boolean);
	const letters = words.length > 1 ? words[0][0] + words[words.length - 1][0] : (words[0] ?? '?').slice(0, 2);
	return letters.toUpperCase();
}
