// Preloaded by the tests (node --require): Azurite stops when the process that started it goes away,
// even when that process was killed, because its end of our stdin closes.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
