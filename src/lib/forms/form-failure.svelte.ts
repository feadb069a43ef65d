/**
 * The one form submission that failed without an answer the form can show (refused, server
 * error, no network). Set only in the browser, from `enhance`; the layout shows it in a live
 * region, so a failed post is never silent and the form keeps what was typed.
 */
class FormFailure {
	message = $state<string | null>(null);

	show(message: string): void {
		this.message = message;
	}

	clear(): void {
		this.message = null;
	}
}

export const formFailure = new FormFailure();
