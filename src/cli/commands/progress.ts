/** A progress line on stderr for long runs, only when stderr is a terminal (never in a pipe or a log). */
export function progressReporter(label: string, minimum = 200_000): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let shown = -1;
  return (done, total) => {
    if (total < minimum) return;
    const percent = Math.floor((done * 100) / total);
    if (percent === shown) return;
    shown = percent;
    process.stderr.write(`\r${label} ${percent}%${done === total ? '\n' : ''}`);
  };
}
