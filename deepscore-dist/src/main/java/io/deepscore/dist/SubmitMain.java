package io.deepscore.dist;

import io.deepscore.cli.DeepScoreCli;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The main class of the spark-submit application ({@code deepscore-app-<version>.jar}): runs one
 * deepscore command, e.g. {@code spark-submit ... deepscore-app.jar score --model ...}, in the
 * driver spark-submit started; the command's Spark session uses the master and settings
 * spark-submit set.
 *
 * <p>DJL runs offline on the driver unless told otherwise ({@code ai.djl.offline}, {@code
 * OPT_OUT_TRACKING}); executors get the same through the session's defaults.
 *
 * <p>Exit: in client mode (and in standalone cluster mode, whose driver wrapper reports the JVM's
 * exit code) the JVM exits with the command's code, since Spark and DJL leave non-daemon threads.
 * In YARN cluster mode the ApplicationMaster must see {@code main} return or throw: exiting there
 * would be reported as a failure, so a non-zero code is thrown instead.
 */
public final class SubmitMain {

  private SubmitMain() {}

  public static void main(String[] args) {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("OPT_OUT_TRACKING", "true");
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = DeepScoreCli.execute(args, out, err);
    if (!exitsJvm(
        System.getProperty("spark.master", ""),
        System.getProperty("spark.submit.deployMode", "client"))) {
      if (code != 0) {
        throw new IllegalStateException(
            "deepscore "
                + Arrays.toString(args)
                + " failed with exit code "
                + code
                + " (see its error above)");
      }
      return;
    }
    System.exit(code);
  }

  /** False only in YARN cluster mode, where the ApplicationMaster needs main to return. */
  static boolean exitsJvm(String master, String deployMode) {
    return !(master.startsWith("yarn") && deployMode.equals("cluster"));
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null && System.getenv(property) == null) {
      System.setProperty(property, value);
    }
  }
}
