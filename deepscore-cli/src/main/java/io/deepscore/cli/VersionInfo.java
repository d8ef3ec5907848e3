package io.deepscore.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * {@code deepscore --version}: this build's version and git commit, and the versions of the engines
 * on the class path as their own jars state them (Spark, DJL, the libtorch DJL loads, XGBoost), so
 * a bug report says exactly what ran. Reads resources only: no engine is loaded.
 */
final class VersionInfo implements CommandLine.IVersionProvider {

  /** Written at build time by the CLI's POM ({@code git describe}); absent when run otherwise. */
  static final String COMMIT_RESOURCE = "/deepscore-commit.properties";

  @Override
  public String[] getVersion() {
    String version = DeepScoreCli.class.getPackage().getImplementationVersion();
    return new String[] {
      "deepscore "
          + (version == null ? "dev" : version)
          + " (commit "
          + property(COMMIT_RESOURCE, "commit")
          + ")",
      "Spark "
          + property("/spark-version-info.properties", "version")
          + ", DJL "
          + property("/ai/djl/engine/api.properties", "djl_version")
          + ", libtorch "
          + property("/pytorch-engine.properties", "pytorch_version")
          + ", XGBoost "
          + property("/xgboost4j-version.properties", "version"),
      "Java "
          + System.getProperty("java.version")
          + " ("
          + System.getProperty("java.vendor")
          + "), "
          + System.getProperty("os.name")
          + " "
          + System.getProperty("os.arch")
    };
  }

  /** One property of a class-path resource, or {@code unknown}. */
  static String property(String resource, String key) {
    try (InputStream in = VersionInfo.class.getResourceAsStream(resource)) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty(key, "unknown").trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
