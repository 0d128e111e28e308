#!/usr/bin/env node
// In the workspace, the bin runs the same bundle that the published package runs.
import "../../../dist-bundle/compose-lint-language-server.mjs";
