/**
 * Preloaded into every benchmarked process (node --import): on exit it writes the process's
 * peak resident memory to stderr, where the benchmark reads it. Nothing is added to the
 * product for measuring.
 */
process.on('exit', () => {
  process.stderr.write(`\npeak-rss-kib=${process.resourceUsage().maxRSS}\n`);
});
