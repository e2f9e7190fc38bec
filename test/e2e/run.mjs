#!/usr/bin/env node
// Browser tests: placeholder runner until the first browser test lands.
console.log("no browser tests yet");
