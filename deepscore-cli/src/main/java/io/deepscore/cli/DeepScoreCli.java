package io.deepscore.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point of the {@code deepscore} command line.
 *
 * <p>Exit codes: 0 success, 2 usage error (unknown command or option, invalid value), and for a
 * failure one clear line on stderr (the stack trace only with {@code --verbose}) with an exit code
 * by the kind of failure: 3 invalid input, 4 invalid bundle, 5 model contract, 6 engine failure, 1
 * anything else ({@link FailureHandler}).
 */
@Command(
    name = "deepscore",
    mixinStandardHelpOptions = true,
    versionProvider = VersionInfo.class,
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
      "  deepscore <command> --help                       # options of one command",
      "  deepscore --version                              # versions and build commit"
    },
    subcommands = {
      DemoCommand.class,
      GenerateCommand.class,
      VocabCommand.class,
      FeaturizeCommand.class,
      TrainCommand.class,
      ScoreCommand.class,
      DriftCommand.class,
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
    cli.setExecutionStrategy(DeepScoreCli::runKnownCommand);
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

  /**
   * Runs the command, unless the line names a command that does not exist: picocli would print the
   * parent's help for {@code deepscore nosuch --help} and exit 0, and a script could not tell a
   * typo from success.
   */
  private static int runKnownCommand(ParseResult parsed) {
    ParseResult last = parsed;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    if (!last.unmatched().isEmpty()) {
      CommandLine cmd = last.commandSpec().commandLine();
      String first = last.unmatched().get(0);
      if (!cmd.getSubcommands().isEmpty() && !first.startsWith("-")) {
        throw new UnmatchedArgumentException(
            cmd,
            "unknown command '"
                + first
                + "'; the commands are "
                + String.join(", ", cmd.getSubcommands().keySet()));
      }
      throw new UnmatchedArgumentException(cmd, last.unmatched());
    }
    return new CommandLine.RunLast().execute(parsed);
  }
}
