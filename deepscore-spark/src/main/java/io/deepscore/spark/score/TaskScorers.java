package io.deepscore.spark.score;

import io.deepscore.model.Scorer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

/**
 * One {@link Scorer} per task: created on first use in a task, closed by a task completion listener
 * (which Spark runs on success, failure and kill), never by a finalizer or at the end of an
 * iterator. Outside a task (a caller on the driver) the caller owns the scorer and closes the
 * lease.
 *
 * <p>The scorer is remembered per thread and bundle so a row-at-a-time UDF, called once per row,
 * reuses its task's scorer; a task attempt never sees another attempt's (closed) scorer.
 */
final class TaskScorers {

  private static final ThreadLocal<Map<String, Entry>> CURRENT =
      ThreadLocal.withInitial(ConcurrentHashMap::new);

  private TaskScorers() {}

  private record Entry(long taskAttemptId, Scorer scorer) {}

  /** A scorer for the calling task; {@link #close()} closes it only outside a task. */
  static final class Lease implements AutoCloseable {
    private final Scorer scorer;
    private final boolean owned;

    private Lease(Scorer scorer, boolean owned) {
      this.scorer = scorer;
      this.owned = owned;
    }

    Scorer scorer() {
      return scorer;
    }

    @Override
    public void close() {
      if (owned) {
        scorer.close();
      }
    }
  }

  /** The calling task's scorer of {@code ref}'s model (created and registered on first use). */
  static Lease acquire(BundleRef ref, LoadedBundle loaded) {
    TaskContext ctx = TaskContext.get();
    if (ctx == null) {
      return new Lease(loaded.model().newScorer(), true);
    }
    String key = ref.cacheKey();
    Map<String, Entry> mine = CURRENT.get();
    Entry e = mine.get(key);
    if (e != null && e.taskAttemptId() == ctx.taskAttemptId()) {
      return new Lease(e.scorer(), false);
    }
    // created on the task thread: engines with per-thread settings (libtorch) apply them here
    Scorer scorer = loaded.model().newScorer();
    Entry created = new Entry(ctx.taskAttemptId(), scorer);
    mine.put(key, created);
    ctx.addTaskCompletionListener(
        (TaskCompletionListener)
            c -> {
              mine.remove(key, created);
              scorer.close();
            });
    return new Lease(scorer, false);
  }
}
