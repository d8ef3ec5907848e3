package io.deepscore.bench;

import io.deepscore.features.FeatureSpec;
import io.deepscore.features.FieldAnalyzer;
import io.deepscore.features.FieldSpec;
import io.deepscore.features.Normalizer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The {@code device_name} field alone, strings/s: {@link Normalizer} only, and the whole {@link
 * FieldAnalyzer} (normalize + regex split). {@code input=clean}: names already in normalized form
 * (the ASCII fast path, no allocation); {@code noisy}: every name has one kind of noise (upper or
 * random case, extra or trailing spaces and tabs, full-width characters).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class NormalizeBenchmark {

  static final int N = 1024;

  @Param({"clean", "noisy"})
  public String input;

  private Normalizer normalizer;
  private FieldAnalyzer analyzer;
  private String[] names;

  @Setup(Level.Trial)
  public void setUp() {
    FeatureSpec spec = SyntheticUsers.spec();
    FieldSpec field = spec.field("device_name");
    normalizer = Normalizer.of(field.normalize());
    analyzer = FieldAnalyzer.of(field);
    SyntheticUsers users = new SyntheticUsers(3L, false);
    names = new String[N];
    for (int i = 0; i < N; i++) {
      names[i] = input.equals("clean") ? users.nextDeviceName() : users.nextAlwaysNoisyDeviceName();
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void normalize(Blackhole bh) {
    for (String s : names) {
      bh.consume(normalizer.normalize(s));
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void analyze(Blackhole bh) {
    for (String s : names) {
      analyzer.analyze(s, bh::consume);
    }
  }
}
