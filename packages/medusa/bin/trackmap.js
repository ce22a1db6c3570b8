#!/usr/bin/env node
// The `trackmap` command in a store that installed only the plugin: @trackmap/core's, run from here.
require("@trackmap/core/bin/trackmap.js");
