// The command's entry point: what the bundle in dist-bundle/ starts from.
import { main } from "./main.js";

process.exitCode = await main(process.argv.slice(2));
