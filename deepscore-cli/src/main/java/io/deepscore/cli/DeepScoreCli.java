package io.deepscore.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of the {@code deepscore} command line.
 *
 * <p>Exit codes: 0 success, 1 failure (one clear line on stderr; the stack trace only with {@code
 * --verbose}), 2 usage error (unknown option, invalid value).
 */
@Command(
    name = "deepscore",
    mixinStandardHelpOptions = true,
    versionProvider = DeepScoreCli.Version.class,
    description = {
      "Scores users with a deep model inside Spark executors (DJL + PyTorch, no Python in"
          + " production).",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  deepscore demo                                   # the whole pipeline on generated data",
      "  deepscore generate --users 100000 --out /tmp/g   # synthetic raw user records",
      "  deepscore <command> --help                       # options of one command"
    },
    subcommands = {
      DemoCommand.class,
      GenerateCommand.class,
      VocabCommand.class,
      FeaturizeCommand.class,
      TrainCommand.class,
      ScoreCommand.class,
      EvaluateCommand.class,
      BundleCommand.class,
      ParityCommand.class,
      ClusterCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class DeepScoreCli implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    spec.commandLine().getErr().println();
    spec.commandLine().getErr().println("deepscore: a command is required (see the list above).");
    return CommandLine.ExitCode.USAGE;
  }

  /** Runs the CLI with the given writers and returns the exit code (tests call this). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new DeepScoreCli());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(new FailureHandler());
    cli.setParameterExceptionHandler(new UsageErrorHandler());
    try {
      return cli.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = execute(args, out, err);
    // Spark and DJL leave non-daemon threads behind; the exit code is the contract.
    System.exit(code);
  }

  /** Version from the jar manifest (falls back to "dev" when run from classes). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = DeepScoreCli.class.getPackage().getImplementationVersion();
      return new String[] {"deepscore " + (v == null ? "dev" : v)};
    }
  }
}
