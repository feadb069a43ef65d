/** Every English message of the client build, by message id (vite/lazy-english-messages.ts). */
declare module 'virtual:alur/english-messages' {
	const messages: Record<string, (inputs: never) => string>;
	export default messages;
}
