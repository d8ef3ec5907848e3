package io.deepscore.cli;

import io.deepscore.features.FeatureSpec;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --spec}, shared by every command that reads a feature spec (a picocli mixin, or an
 * argument group where it can be replaced, as by {@code train --from-bundle}).
 */
class SpecOptions {

  @Option(
      names = "--spec",
      required = true,
      paramLabel = "FILE",
      description = "Feature spec JSON (docs/features.md).")
  Path spec;

  /** The spec, read and validated. */
  FeatureSpec spec() {
    return SpecInputs.spec(spec);
  }
}
