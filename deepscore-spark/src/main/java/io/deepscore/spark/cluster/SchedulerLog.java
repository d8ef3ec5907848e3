package io.deepscore.spark.cluster;

import java.beans.PropertyChangeListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
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
 * <p>The logger is set to INFO with this appender as its only one; the appender passes on to the
 * root logger's appenders what the root's level lets through at that moment, so the console shows
 * what it showed before. Spark replaces the logging configuration when a SparkContext starts (and
 * spark-submit before the main class runs): the appender follows every new configuration. If the
 * logging backend is not log4j2 (Spark's default), nothing is read and the explanations lose this
 * detail, nothing else.
 */
final class SchedulerLog {

  static final String LOGGER = "org.apache.spark.scheduler.cluster.StandaloneSchedulerBackend";

  private static final Pattern GRANTED =
      Pattern.compile("Granted executor ID (\\S+)/(\\S+) on hostPort (\\S+)");
  private static final Pattern REMOVED = Pattern.compile("^Executor (\\S+)/(\\S+) removed: (.*)");
  private static final Pattern KILLED =
      Pattern.compile("Application has been killed\\. Reason: (.*)");

  /**
   * An executor the master removed: its application, its id, its worker (host:port) and the
   * master's message.
   */
  record Removal(String appId, String executorId, String worker, String message) {}

  private final Map<String, String> workers = new ConcurrentHashMap<>();
  private final PropertyChangeListener onNewConfiguration = e -> install();
  private volatile Removal lastRemoval;
  private volatile String killed;
  private LoggerContext context;
  private Capture capture;

  /** Starts reading (no-op when the backend is not log4j2). */
  synchronized void attach() {
    if (context == null && LogManager.getContext(false) instanceof LoggerContext ctx) {
      context = ctx;
      context.addPropertyChangeListener(onNewConfiguration);
      install();
    }
  }

  /** Stops reading and gives the logger back to the configuration. */
  synchronized void detach() {
    if (context != null) {
      context.removePropertyChangeListener(onNewConfiguration);
      Configuration config = context.getConfiguration();
      if (config.getLoggerConfig(LOGGER).getAppenders().containsKey(Capture.NAME)) {
        config.removeLogger(LOGGER);
        context.updateLoggers();
      }
      context = null;
    }
  }

  /** Puts the capturing logger config into the context's current configuration. */
  private synchronized void install() {
    if (context == null) {
      return;
    }
    Configuration config = context.getConfiguration();
    if (config.getLoggerConfig(LOGGER).getAppenders().containsKey(Capture.NAME)) {
      return;
    }
    if (capture == null) {
      capture = new Capture();
      capture.start();
    }
    LoggerConfig own =
        LoggerConfig.newBuilder()
            .withLoggerName(LOGGER)
            .withLevel(Level.INFO)
            .withAdditivity(false)
            .withConfig(config)
            .build();
    own.addAppender(capture, Level.INFO, null);
    config.addLogger(LOGGER, own);
    context.updateLoggers();
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
      String executor = m.group(2);
      lastRemoval =
          new Removal(m.group(1), executor, workers.getOrDefault(executor, "?"), m.group(3));
      return;
    }
    m = KILLED.matcher(message);
    if (m.find()) {
      killed = m.group(1);
    }
  }

  private final class Capture extends AbstractAppender {
    static final String NAME = "deepscore-scheduler-log";

    Capture() {
      super(NAME, null, null, true, Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent event) {
      read(event.getMessage().getFormattedMessage());
      LoggerContext ctx = context;
      if (ctx != null) {
        LoggerConfig root = ctx.getConfiguration().getRootLogger();
        if (event.getLevel().isMoreSpecificThan(root.getLevel())) {
          root.log(event);
        }
      }
    }
  }
}
