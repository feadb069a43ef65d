/** Only same-site paths are followed after sign-in: `//evil.example` and absolute URLs are not. */
export function safeNext(next: string | null | undefined): string {
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
	return next;
}
