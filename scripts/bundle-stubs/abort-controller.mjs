// The abort-controller package is a polyfill for what Node has built in since version 15.
export default globalThis.AbortController;
