package io.deepscore.spark;

import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up timestamps: {@link #mark} logs, at INFO (shown with {@code --verbose}), how long the JVM
 * has been running when a phase ends, so the first seconds of a command can be read off one log
 * (JVM start, Spark session, input resolution, bundle verification, engine load, dry run, the
 * pass). Stateless: the reader takes the differences. docs/startup.md keeps a measured breakdown.
 */
public final class Timeline {
  private static final Logger LOG = LoggerFactory.getLogger(Timeline.class);

  private Timeline() {}

  /** Logs {@code deepscore timeline: <ms since JVM start> ms <phase>}. */
  public static void mark(String phase) {
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "deepscore timeline: {} ms {}", ManagementFactory.getRuntimeMXBean().getUptime(), phase);
    }
  }
}
