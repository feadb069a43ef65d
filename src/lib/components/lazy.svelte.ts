import { tick } from 'svelte';

/**
 * A component fetched on first use, for the Bits UI parts of the shell and the document page
 * (menus, popovers, tooltips, the quick search): Bits UI and floating-ui are about 35 KiB
 * gzipped, and on a phone on 3G every byte before the editor is editable is waiting time.
 *
 * Until it is shown, the page renders a plain element with the trigger's markup (same classes,
 * name, `aria-haspopup` and `aria-expanded`), so nothing moves and, without JavaScript, nothing
 * changes. The first sign of intent — the pointer over it, focus on it — fetches the code
 * (`prefetch`) without replacing anything: a keyboard user moving through the page keeps the
 * very elements they pass. The placeholder is replaced when it is used (`show`): activated
 * (`activate`: click, Enter, Space, ↓ on a menu button; the popup then opens), typed into, or
 * hovered for a tooltip. Focus that was on the placeholder moves to the element with the same
 * id in its place (the real trigger, or the search field with the caret at the end), before a
 * popup opens, so closing it gives focus back to that trigger.
 */
export class Lazy<T> {
	/** The component, once shown in place of the placeholder. */
	component = $state.raw<T | null>(null);
	/** The popup is open: bound to the real component's `open`. */
	open = $state(false);

	readonly #load: () => Promise<{ default: T }>;
	#loading: Promise<T | null> | null = null;
	#loaded: T | null = null;
	#showing = false;

	constructor(load: () => Promise<{ default: T }>) {
		this.#load = load;
	}

	/** Whether the code has arrived (shown or not). */
	get loaded(): boolean {
		return this.#loaded !== null;
	}

	/** Fetches the component (once) without showing it; the placeholder keeps working meanwhile. */
	prefetch = (): Promise<T | null> => {
		this.#loading ??= this.#load().then(
			(module) => (this.#loaded = module.default),
			(error: unknown) => {
				// Offline before it was ever fetched: the next intent tries again.
				console.warn('component failed to load', error);
				this.#loading = null;
				return null;
			}
		);
		return this.#loading;
	};

	/** Shows the component in place of the placeholder as soon as it is loaded; then `then`. */
	show = (then?: () => void): void => {
		if (this.component) {
			then?.();
			return;
		}
		void this.prefetch().then(async (component) => {
			if (!component) return;
			if (this.#showing || this.component) {
				await tick();
				then?.();
				return;
			}
			this.#showing = true;
			const focused = document.activeElement;
			const id = focused instanceof HTMLElement && focused !== document.body ? focused.id : '';
			this.component = component;
			await tick();
			if (id && (!document.activeElement || document.activeElement === document.body)) {
				// The focused placeholder was replaced: focus what took its place.
				const next = document.getElementById(id);
				next?.focus();
				if (next instanceof HTMLInputElement) next.setSelectionRange(next.value.length, next.value.length);
			}
			then?.();
		});
	};

	/** The placeholder was activated: show the component, then open it. */
	activate = (): void => {
		this.show(() => (this.open = true));
	};

	/** Keyboard on a placeholder menu button: ↓ opens the menu, as on the real one. */
	menuKeydown = (event: KeyboardEvent): void => {
		if (event.key !== 'ArrowDown') return;
		event.preventDefault();
		this.activate();
	};

	/** A tooltip's placeholder lost focus: swap in the real trigger now that nobody is on it. */
	showIfLoaded = (): void => {
		if (this.#loaded) this.show();
	};
}
