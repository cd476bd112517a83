// Preloaded (node --import) into every server under test, so that memory is
// measured the same way for all of them without touching their code: the
// benchmark asks over the IPC channel, the probe collects garbage (the server
// runs with --expose-gc) and answers with process.memoryUsage().
// Plain JavaScript so that it loads before any TypeScript loader.
process.on('message', (message) => {
  if (message?.cmd !== 'measure') return;
  if (typeof globalThis.gc !== 'function') {
    process.send?.({ cmd: 'measure', error: 'start the server with --expose-gc' });
    return;
  }
  // Several passes: the first frees young objects that keep old ones alive.
  for (let i = 0; i < 4; i++) globalThis.gc();
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  process.send?.({ cmd: 'measure', rss, heapUsed, heapTotal, external, arrayBuffers });
});
// The IPC channel must not keep a server alive that has been told to stop.
process.channel?.unref();
