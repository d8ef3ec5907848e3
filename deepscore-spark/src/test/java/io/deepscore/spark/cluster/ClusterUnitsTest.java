package io.deepscore.spark.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepscore.errors.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local cluster's pieces that need no running Spark: JSON, logs, options, the Spark home. */
class ClusterUnitsTest {

  @TempDir Path tmp;

  @Test
  void readsTheMastersJson() throws Exception {
    MasterStatus s =
        MasterStatus.parse(
            """
            {"url":"spark://127.0.0.1:41235","status":"ALIVE","aliveworkers":2,
             "workers":[{"id":"worker-1","host":"127.0.0.1","port":35039,
               "webuiaddress":"http://127.0.0.1:38947","cores":1,"coresused":1,"memory":2048,
               "memoryused":1024,"state":"ALIVE"},
              {"id":"worker-2","host":"127.0.0.1","port":35040,"cores":1,"state":"DEAD"}],
             "activeapps":[{"id":"app-1","name":"deepscore score","state":"RUNNING","cores":2,
               "memoryperexecutor":1024,"unknown":true}],
             "completedapps":[],
             "activedrivers":[],
             "completeddrivers":[{"id":"driver-1","state":"FAILED","worker":"worker-1",
               "mainclass":"io.deepscore.dist.SubmitMain"}]}
            """);
    assertThat(s.url()).isEqualTo("spark://127.0.0.1:41235");
    assertThat(s.status()).isEqualTo("ALIVE");
    assertThat(s.aliveWorkers()).isEqualTo(1);
    assertThat(s.workers().get(0))
        .isEqualTo(
            new MasterStatus.Worker(
                "worker-1",
                "127.0.0.1",
                35039,
                "http://127.0.0.1:38947",
                1,
                1,
                2048,
                1024,
                "ALIVE"));
    assertThat(s.workers().get(1).memoryMb()).isZero();
    assertThat(s.activeApps())
        .containsExactly(new MasterStatus.App("app-1", "deepscore score", "RUNNING", 2, 1024));
    assertThat(s.completedApps()).isEmpty();
    assertThat(s.drivers())
        .containsExactly(new MasterStatus.Driver("driver-1", "FAILED", "worker-1"));
  }

  @Test
  void readsWhyTheMasterRemovedExecutorsAndTheApplication() {
    SchedulerLog log = new SchedulerLog();
    assertThat(log.lastRemoval()).isNull();
    assertThat(log.applicationKilled()).isNull();
    log.read(
        "Granted executor ID app-20261127133558-0000/9 on hostPort 127.0.0.1:35039 with 1 core(s),"
            + " 1024.0 MiB RAM");
    log.read(
        "Executor app-20261127133558-0000/9 removed: java.lang.IllegalStateException: Cannot find"
            + " any build directories.");
    log.read("Application has been killed. Reason: Master removed our application: FAILED");
    log.read("Executor added: something else entirely");
    assertThat(log.lastRemoval())
        .isEqualTo(
            new SchedulerLog.Removal(
                "app-20261127133558-0000",
                "9",
                "127.0.0.1:35039",
                "java.lang.IllegalStateException: Cannot find any build directories."));
    assertThat(log.applicationKilled()).isEqualTo("Master removed our application: FAILED");
  }

  @Test
  void readsTheSchedulersLoggerAcrossReconfigurations() {
    SchedulerLog log = new SchedulerLog();
    log.attach();
    try {
      LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
      Logger scheduler = LogManager.getLogger(SchedulerLog.LOGGER);
      scheduler.info("Executor app-1/0 removed: Command exited with code 1");
      assertThat(log.lastRemoval().message()).isEqualTo("Command exited with code 1");
      // Spark replaces the configuration when a SparkContext starts.
      ctx.reconfigure();
      scheduler.error(
          "Application has been killed. Reason: Master removed our application: KILLED");
      assertThat(log.applicationKilled()).isEqualTo("Master removed our application: KILLED");
    } finally {
      log.detach();
    }
    LogManager.getLogger(SchedulerLog.LOGGER).error("Application has been killed. Reason: later");
    assertThat(log.applicationKilled()).isEqualTo("Master removed our application: KILLED");
  }

  @Test
  void namesTheTellingLineOfADaemonLog() throws Exception {
    Path log = tmp.resolve("master.log");
    Files.writeString(
        log,
        "INFO starting\nERROR Failed to bind MasterUI\njava.net.BindException: Address in use\n"
            + "INFO shutdown hook\n");
    assertThat(Daemons.telling(log)).isEqualTo(" (java.net.BindException: Address in use)");
    assertThat(Daemons.telling(tmp.resolve("missing.log"))).isEmpty();
  }

  @Test
  void optionsAreValidated() {
    assertThatThrownBy(() -> LocalCluster.Options.of(tmp, 0, 1, "2g"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at least 1 worker");
    assertThatThrownBy(() -> LocalCluster.Options.of(tmp, 2, 1, "lots"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'lots' is not a size");
    assertThat(LocalCluster.Options.of(tmp.resolve("a/../b"), 2, 1, "512m").dir())
        .isEqualTo(tmp.resolve("b"));
  }

  @Test
  void assemblesASparkHomeFromJars() throws Exception {
    Path core = Files.createFile(tmp.resolve("spark-core_2.13-4.1.0.jar"));
    Path other = Files.createFile(tmp.resolve("scala-library-2.13.17.jar"));
    Path list = tmp.resolve("spark-jars.txt");
    Files.writeString(list, core + ":" + other + "\n");
    SparkHome home = SparkHome.assemble(tmp.resolve("home"), SparkHome.readJarsList(list));
    assertThat(home.dir().resolve("jars").resolve(core.getFileName())).isSymbolicLink();
    assertThat(Files.readSymbolicLink(home.dir().resolve("jars/scala-library-2.13.17.jar")))
        .isEqualTo(other);
    assertThat(home.sparkSubmit()).isExecutable();
    assertThat(Files.readString(home.sparkSubmit()))
        .contains("org.apache.spark.deploy.SparkSubmit");
    assertThat(SparkHome.existing(home.dir()).dir()).isEqualTo(home.dir());

    assertThatThrownBy(() -> SparkHome.assemble(tmp.resolve("h2"), List.of(other)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no spark-core jar");
    assertThatThrownBy(() -> SparkHome.existing(tmp))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("has no jars/spark-core_*.jar");
    assertThatThrownBy(() -> SparkHome.readJarsList(tmp.resolve("none.txt")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("deepscore-dist");
  }

  @Test
  void noClusterToOpenIsAnInputError() {
    assertThat(LocalCluster.find(tmp)).isEmpty();
    assertThatThrownBy(() -> LocalCluster.open(tmp))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no cluster was started in");
  }
}
