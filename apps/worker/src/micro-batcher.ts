/**
 * Groups concurrent calls into one batch: each `add(item)` waits at most `maxWaitMs` (or until
 * `maxSize` items are waiting), then `run` gets every waiting item at once and must return one
 * result per item, in order. A failing `run` rejects every call of that batch. Used to turn one
 * SQL statement per message into one statement per group of messages.
 */
export function createMicroBatcher<In, Out>(options: {
  run: (items: In[]) => Promise<Out[]>;
  maxSize: number;
  maxWaitMs: number;
}): (item: In) => Promise<Out> {
  let waiting: Array<{ item: In; resolve: (out: Out) => void; reject: (error: unknown) => void }> = [];
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const batch = waiting;
    waiting = [];
    options.run(batch.map((w) => w.item)).then(
      (results) => {
        if (results.length !== batch.length) {
          const error = new Error(`batch returned ${results.length} results for ${batch.length} items`);
          for (const w of batch) w.reject(error);
          return;
        }
        for (const [i, w] of batch.entries()) w.resolve(results[i] as Out);
      },
      (error: unknown) => {
        for (const w of batch) w.reject(error);
      },
    );
  };

  return (item) =>
    new Promise<Out>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (waiting.length >= options.maxSize) flush();
      else if (!timer) timer = setTimeout(flush, options.maxWaitMs);
    });
}
