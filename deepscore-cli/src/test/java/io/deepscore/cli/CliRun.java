package io.deepscore.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process with captured writers. */
record CliRun(int exitCode, String out, String err) {

  /** {@code train dnn}'s options for a small, quick network (2 epochs). */
  static final java.util.List<String> SMALL_DNN =
      java.util.List.of(
          "--epochs",
          "2",
          "--patience",
          "1",
          "--embedding-dim",
          "8",
          "--hidden",
          "16",
          "--batch-size",
          "256");

  /** {@code train dnn} of a {@link #SMALL_DNN} network. */
  static CliRun trainSmallDnn(String spec, String vocab, String train, String out) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "train", "dnn", "--spec", spec, "--vocab", vocab, "--train", train, "--out", out));
    args.addAll(SMALL_DNN);
    return of(args.toArray(String[]::new));
  }

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = DeepScoreCli.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new CliRun(code, out.toString(), err.toString());
  }
}
