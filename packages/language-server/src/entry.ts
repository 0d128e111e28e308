// The language server's entry point: what the bundle in dist-bundle/ starts from.
import { startServer } from "./server.js";

startServer();
