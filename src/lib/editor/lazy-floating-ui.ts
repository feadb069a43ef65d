/**
 * `@floating-ui/dom` for `@tiptap/suggestion` only (vite.config.ts points its import here): the
 * plugin imports it for the `mount` helper it offers renderers, which Alur's slash menu does not
 * use (it places itself), yet the import put floating-ui (about 8 KiB gzipped) in the editor's
 * first download. Here the four functions it calls fetch the real library on first call; each
 * is asynchronous in floating-ui already (a position is a promise, middleware may be async), so
 * a renderer that does use `mount` gets the same positions, one fetch later.
 */
import type { AutoUpdateOptions, ComputePositionConfig, FlipOptions, FloatingElement, Middleware, MiddlewareState, OffsetOptions, ReferenceElement } from '@floating-ui/dom';

type FloatingUi = typeof import('@floating-ui/dom');
let loading: Promise<FloatingUi> | null = null;
const load = (): Promise<FloatingUi> => (loading ??= import('@floating-ui/dom'));

export const computePosition = async (reference: ReferenceElement, floating: FloatingElement, options?: Partial<ComputePositionConfig>) =>
	(await load()).computePosition(reference, floating, options);

export const offset = (options?: OffsetOptions): Middleware => ({
	name: 'offset',
	options,
	fn: async (state: MiddlewareState) => (await load()).offset(options).fn(state)
});

export const flip = (options?: FlipOptions): Middleware => ({
	name: 'flip',
	options,
	fn: async (state: MiddlewareState) => (await load()).flip(options).fn(state)
});

export function autoUpdate(reference: ReferenceElement, floating: FloatingElement | null, update: () => void, options?: AutoUpdateOptions): () => void {
	let cleanup: (() => void) | null = null;
	let stopped = false;
	void load().then((real) => {
		if (!stopped) cleanup = real.autoUpdate(reference, floating, update, options);
	});
	return () => {
		stopped = true;
		cleanup?.();
	};
}
