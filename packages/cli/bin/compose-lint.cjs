#!/usr/bin/env node
// In the workspace, the bin runs the same bundle that the published package and the pre-commit hook run.
require("../../../dist-bundle/compose-lint.cjs");
