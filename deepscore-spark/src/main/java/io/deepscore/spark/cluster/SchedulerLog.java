package io.deepscore.spark.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * What Spark's standalone scheduler backend tells the driver about its executors and application:
 * why the master ended the application ({@code Application has been killed. Reason: ...}) and why
 * each executor was removed ({@code Executor app-.../3 removed: <reason>}), including executors
 * that never started, which no {@code SparkListener} event reports. Spark only logs these, so an
 * appender on that one logger reads them.
 *
 * <p>The logger is raised to INFO for this appender only: at the console's level its lines still go
 * where they went. If the logging backend is not log4j2 (Spark's default), nothing is captured and
 * the explanations lose this detail, nothing else.
 */
final class SchedulerLog {

  static final String LOGGER = "org.apache.spark.scheduler.cluster.StandaloneSchedulerBackend";

  private static final Pattern GRANTED =
      Pattern.compile("Granted executor ID (\\S+)/(\\S+) on hostPort (\\S+)");
  private static final Pattern REMOVED = Pattern.compile("^Executor (\\S+)/(\\S+) removed: (.*)");
  private static final Pattern KILLED =
      Pattern.compile("Application has been killed\\. Reason: (.*)");

  /** An executor the master removed: its id, its worker (host:port) and the master's message. */
  record Removal(String executorId, String worker, String message) {}

  private final Map<String, String> workers = new ConcurrentHashMap<>();
  private volatile Removal lastRemoval;
  private volatile String killed;
  private Capture capture;
  private LoggerConfig added;

  /** Starts capturing (no-op when the backend is not log4j2). */
  void attach() {
    if (!(LogManager.getContext(false) instanceof LoggerContext ctx)) {
      return;
    }
    Configuration config = ctx.getConfiguration();
    capture = new Capture();
    capture.start();
    config.addAppender(capture);
    LoggerConfig existing = config.getLoggerConfig(LOGGER);
    if (existing.getName().equals(LOGGER)) {
      existing.addAppender(capture, Level.INFO, null);
    } else {
      LoggerConfig root = config.getRootLogger();
      added =
          LoggerConfig.newBuilder()
              .withLoggerName(LOGGER)
              .withLevel(Level.INFO)
              .withAdditivity(false)
              .withConfig(config)
              .build();
      for (Appender a : root.getAppenders().values()) {
        added.addAppender(a, root.getLevel(), null);
      }
      added.addAppender(capture, Level.INFO, null);
      config.addLogger(LOGGER, added);
    }
    ctx.updateLoggers();
  }

  /** Stops capturing and restores the logger. */
  void detach() {
    if (capture == null || !(LogManager.getContext(false) instanceof LoggerContext ctx)) {
      return;
    }
    Configuration config = ctx.getConfiguration();
    if (added != null) {
      config.removeLogger(LOGGER);
    } else {
      config.getLoggerConfig(LOGGER).removeAppender(capture.getName());
    }
    capture.stop();
    ctx.updateLoggers();
  }

  /** The master's reason for ending the application, or null. */
  String applicationKilled() {
    return killed;
  }

  /** The last executor the master removed, or null. */
  Removal lastRemoval() {
    return lastRemoval;
  }

  /** Reads one log line of the scheduler backend. */
  void read(String message) {
    Matcher m = GRANTED.matcher(message);
    if (m.find()) {
      workers.put(m.group(2), m.group(3));
      return;
    }
    m = REMOVED.matcher(message);
    if (m.find()) {
      lastRemoval = new Removal(m.group(2), workers.getOrDefault(m.group(2), "?"), m.group(3));
      return;
    }
    m = KILLED.matcher(message);
    if (m.find()) {
      killed = m.group(1);
    }
  }

  private final class Capture extends AbstractAppender {
    Capture() {
      super("deepscore-scheduler-log", null, null, true, Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent event) {
      read(event.getMessage().getFormattedMessage());
    }
  }
}
