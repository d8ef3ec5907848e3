package io.deepscore.eval.drift;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Compares two {@link RunProfile}s (today's against yesterday's): pure functions, no I/O.
 *
 * <p><b>PSI</b> (population stability index) of the score distribution: {@code sum over bins of (c
 * - p) * ln(c / p)}, where {@code p} and {@code c} are the previous and current shares of the
 * scored rows in a bin. The bins are groups of adjacent fixed profile bins, each holding at least
 * 1/{@value #PSI_BINS} of the previous run's scores (the usual decile bins of the reference
 * distribution, at the profile's 1% resolution), so a model whose scores crowd near 0 still gets
 * ten informative bins. Shares are floored at {@value #SHARE_FLOOR} so an empty bin does not make
 * the index infinite. Rule of thumb: below 0.1 stable, 0.1 to 0.2 moderate, above 0.2 a shift.
 */
public final class Drift {

  /** Target number of PSI bins (deciles of the previous run's scores). */
  public static final int PSI_BINS = 10;

  /** Smallest share used in the PSI logarithm. */
  public static final double SHARE_FLOOR = 1e-4;

  private Drift() {}

  /**
   * How one field moved.
   *
   * @param field the spec field name
   * @param oovPrevious share of OOV tokens yesterday
   * @param oovCurrent share of OOV tokens today
   * @param emptyPrevious share of rows without a token yesterday
   * @param emptyCurrent share of rows without a token today
   * @param truncatedPrevious share of truncated rows yesterday
   * @param truncatedCurrent share of truncated rows today
   * @param meanTokensPrevious mean tokens per row yesterday
   * @param meanTokensCurrent mean tokens per row today
   */
  public record FieldShift(
      String field,
      double oovPrevious,
      double oovCurrent,
      double emptyPrevious,
      double emptyCurrent,
      double truncatedPrevious,
      double truncatedCurrent,
      double meanTokensPrevious,
      double meanTokensCurrent) {

    /** The larger absolute move of the OOV share and the empty share. */
    public double shift() {
      return Math.max(Math.abs(oovCurrent - oovPrevious), Math.abs(emptyCurrent - emptyPrevious));
    }
  }

  /**
   * The comparison.
   *
   * @param psi PSI of the score distribution (0 when either run scored nothing)
   * @param fields per field its shift, the largest {@link FieldShift#shift()} first
   * @param rowsPrevious scored rows yesterday
   * @param rowsCurrent scored rows today
   * @param rejectedPrevious rejected rows yesterday
   * @param rejectedCurrent rejected rows today
   * @param audiencePrevious audience size yesterday, -1 if none was made
   * @param audienceCurrent audience size today, -1 if none was made
   * @param sameBundle whether both runs used the same bundle id
   */
  public record Result(
      double psi,
      List<FieldShift> fields,
      long rowsPrevious,
      long rowsCurrent,
      long rejectedPrevious,
      long rejectedCurrent,
      long audiencePrevious,
      long audienceCurrent,
      boolean sameBundle) {

    /** The fields whose OOV or empty share moved by more than {@code threshold} (absolute). */
    public List<FieldShift> flagged(double threshold) {
      return fields.stream().filter(f -> f.shift() > threshold).toList();
    }
  }

  /**
   * Compares {@code current} with {@code previous}; fields are matched by name (a field only one of
   * them has is left out).
   */
  public static Result compare(RunProfile current, RunProfile previous) {
    List<FieldShift> shifts = new ArrayList<>();
    for (int f = 0; f < current.fields().size(); f++) {
      String name = current.fields().get(f);
      int g = previous.fields().indexOf(name);
      if (g < 0) {
        continue;
      }
      shifts.add(
          new FieldShift(
              name,
              previous.oovShare(g),
              current.oovShare(f),
              previous.emptyShare(g),
              current.emptyShare(f),
              previous.truncatedShare(g),
              current.truncatedShare(f),
              previous.meanTokens(g),
              current.meanTokens(f)));
    }
    shifts.sort(Comparator.comparingDouble(FieldShift::shift).reversed());
    return new Result(
        psi(current.scoreBins(), previous.scoreBins()),
        List.copyOf(shifts),
        previous.scored(),
        current.scored(),
        previous.rejected(),
        current.rejected(),
        previous.audienceSize(),
        current.audienceSize(),
        current.bundleId().equals(previous.bundleId()));
  }

  /**
   * PSI of two histograms over the same fixed bins, grouped into bins holding at least 1/{@value
   * #PSI_BINS} of {@code previous} each (the last group takes the remainder).
   */
  public static double psi(long[] current, long[] previous) {
    if (current.length != previous.length) {
      throw new IllegalArgumentException(
          "histograms differ in bins: " + current.length + " vs " + previous.length);
    }
    double totalC = sum(current);
    double totalP = sum(previous);
    if (totalC == 0 || totalP == 0) {
      return 0;
    }
    double psi = 0;
    long groupC = 0;
    long groupP = 0;
    for (int b = 0; b < current.length; b++) {
      groupC += current[b];
      groupP += previous[b];
      boolean full = groupP >= totalP / PSI_BINS;
      if ((full && rest(previous, b + 1) >= totalP / PSI_BINS) || b == current.length - 1) {
        psi += term(groupC / totalC, groupP / totalP);
        groupC = 0;
        groupP = 0;
      }
    }
    return psi;
  }

  private static double term(double c, double p) {
    double cs = Math.max(c, SHARE_FLOOR);
    double ps = Math.max(p, SHARE_FLOOR);
    return (cs - ps) * Math.log(cs / ps);
  }

  private static long rest(long[] h, int from) {
    long s = 0;
    for (int i = from; i < h.length; i++) {
      s += h[i];
    }
    return s;
  }

  private static double sum(long[] h) {
    return rest(h, 0);
  }
}
