/** The Node host: the project context from disk and the LSP server (`zephyr-language-server --stdio`). */
export { buildContext, NodeProjectHost } from "./node/host.js";
export { RENDER_REQUEST, type ServerOptions, startServer } from "./node/server.js";
