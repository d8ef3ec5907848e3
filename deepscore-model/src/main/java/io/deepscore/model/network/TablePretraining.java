package io.deepscore.model.network;

import io.deepscore.model.EncodedDataset;
import java.util.SplittableRandom;

/**
 * Label-free co-occurrence pretraining of one field's embedding table (item2vec: word2vec's
 * skip-gram with negative sampling, where the context of a token is the other tokens of the same
 * row's same field). Tokens that occur with the same other tokens end with close vectors, so a
 * token seen in few labelled rows starts supervised training near the frequent tokens it co-occurs
 * with. It reads token ids only, never a label.
 *
 * <p>Per epoch, rows in a seeded shuffled order; per row the field's ids other than padding (0) and
 * out-of-vocabulary (1), a token repeated in the row once per occurrence, each kept with word2vec's
 * subsampling probability {@code min(1, sqrt(t / f) + t / f)} ({@code f} the token's share of all
 * occurrences); per kept token {@code contexts} context tokens drawn from the other kept tokens of
 * the row, each a positive pair plus {@code negatives} negatives from the unigram distribution
 * raised to 0.75. Plain SGD on the logistic loss with a learning rate decaying linearly from {@code
 * learningRate} to 1e-4 of it. The result is centred: the seen tokens' mean vector is subtracted
 * (see {@link #center}).
 *
 * <p>Deterministic for a seed (one thread, one {@link SplittableRandom}). Memory: two {@code
 * [vocabSize, dim]} float arrays and a 2^20-entry negative-sampling table. Not thread-safe; a new
 * instance per field.
 */
public final class TablePretraining {

  /** Entries of the table negatives are drawn from (word2vec's method, 4 MB). */
  private static final int NEGATIVE_TABLE = 1 << 20;

  private static final int FIRST_TOKEN = 2;
  private static final int COSINE_PAIRS = 20_000;

  /**
   * The algorithm's parameters.
   *
   * @param epochs passes over the rows, &gt; 0
   * @param negatives negatives per positive pair, &gt; 0
   * @param contexts positive pairs per kept token, &gt; 0
   * @param learningRate the initial SGD step, &gt; 0 (word2vec's 0.025)
   * @param subsample word2vec's {@code t}, &gt; 0 (1e-4: the frequent tokens mostly skipped)
   */
  public record Settings(
      int epochs, int negatives, int contexts, float learningRate, double subsample) {}

  /**
   * One field's learned vectors.
   *
   * @param vectors row-major {@code [vocabSize, dim]}; rows of tokens never seen are zero
   * @param counts per id the rows holding it (0 for padding, OOV and unseen tokens)
   * @param pairs positive pairs trained on
   * @param observedCosine mean cosine of two tokens of the same row (a sample of the rows)
   * @param randomCosine mean cosine of two tokens drawn by frequency independently
   */
  public record Vectors(
      int dim,
      float[] vectors,
      int[] counts,
      long pairs,
      double observedCosine,
      double randomCosine) {

    /** Whether pretraining saw token {@code id}. */
    public boolean seen(int id) {
      return counts[id] > 0;
    }

    /**
     * The vectors of the seen tokens scaled by one factor so that their entries' root mean square
     * is {@code rms} (the standard deviation of a random normal init), unseen rows zero.
     */
    public float[] scaledTo(double rms) {
      double sum = 0;
      long n = 0;
      for (int id = 0; id < counts.length; id++) {
        if (counts[id] > 0) {
          for (int k = 0; k < dim; k++) {
            double v = vectors[id * dim + k];
            sum += v * v;
          }
          n += dim;
        }
      }
      float factor = n == 0 || sum == 0 ? 0f : (float) (rms / Math.sqrt(sum / n));
      float[] out = new float[vectors.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = vectors[i] * factor;
      }
      return out;
    }
  }

  private final Settings settings;
  private final int dim;

  /** Pretraining with {@code settings} into vectors of {@code dim} entries. */
  public TablePretraining(Settings settings, int dim) {
    this.settings = settings;
    this.dim = dim;
  }

  /**
   * Learns the vectors of field {@code field} of {@code rows}.
   *
   * @param vocabSize rows of the field's table (ids must be below it)
   * @param seed drives the init, the order, subsampling and sampling
   */
  public Vectors train(EncodedDataset rows, int field, int vocabSize, long seed) {
    int len = rows.maxLength(field);
    int[] ids = rows.field(field);
    int n = rows.rows();
    int[] counts = new int[vocabSize];
    long total = 0;
    for (int id : ids) {
      if (id >= FIRST_TOKEN) {
        counts[id]++;
        total++;
      }
    }
    SplittableRandom rng = new SplittableRandom(seed);
    float[] in = new float[vocabSize * dim];
    float[] out = new float[vocabSize * dim];
    for (int id = FIRST_TOKEN; id < vocabSize; id++) {
      if (counts[id] > 0) {
        for (int k = 0; k < dim; k++) {
          in[id * dim + k] = (float) ((rng.nextDouble() - 0.5) / dim);
        }
      }
    }
    if (total == 0) {
      return new Vectors(dim, in, counts, 0, 0, 0);
    }
    int[] table = negativeTable(counts);
    float[] keep = new float[vocabSize];
    for (int id = FIRST_TOKEN; id < vocabSize; id++) {
      double f = counts[id] / (double) total;
      keep[id] =
          f == 0
              ? 0f
              : (float) Math.min(1, Math.sqrt(settings.subsample() / f) + settings.subsample() / f);
    }
    // the learning rate decays over the expected number of kept tokens
    double expectedKept = 0;
    for (int id = FIRST_TOKEN; id < vocabSize; id++) {
      expectedKept += (double) counts[id] * keep[id];
    }
    double planned = Math.max(1, expectedKept * settings.epochs());
    double done = 0;
    long pairs = 0;
    int[] kept = new int[len];
    float[] grad = new float[dim];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int epoch = 0; epoch < settings.epochs(); epoch++) {
      shuffle(order, rng);
      for (int r : order) {
        int m = 0;
        for (int j = r * len, end = j + len; j < end; j++) {
          int id = ids[j];
          if (id >= FIRST_TOKEN && (keep[id] >= 1f || rng.nextFloat() < keep[id])) {
            kept[m++] = id;
          }
        }
        done += m;
        if (m < 2) {
          continue;
        }
        float lr = (float) (settings.learningRate() * Math.max(1e-4, 1 - done / planned));
        for (int a = 0; a < m; a++) {
          int center = kept[a];
          for (int c = 0; c < settings.contexts(); c++) {
            int b = rng.nextInt(m - 1);
            int context = kept[b >= a ? b + 1 : b];
            java.util.Arrays.fill(grad, 0f);
            update(in, out, center, context, 1f, lr, grad);
            for (int k = 0; k < settings.negatives(); k++) {
              int neg = table[rng.nextInt(NEGATIVE_TABLE)];
              if (neg != context && neg != center) {
                update(in, out, center, neg, 0f, lr, grad);
              }
            }
            int base = center * dim;
            for (int d = 0; d < dim; d++) {
              in[base + d] += grad[d];
            }
            pairs++;
          }
        }
      }
    }
    center(in, counts);
    double observed =
        observedCosine(in, ids, len, n, counts, new SplittableRandom(seed ^ 0x5DEECE66DL));
    double random = randomCosine(in, table, new SplittableRandom(seed ^ 0xB5AD4ECEDA1CE2A9L));
    return new Vectors(dim, in, counts, pairs, observed, random);
  }

  /**
   * Subtracts the mean vector of the seen tokens from each of them. When most pairs of a field are
   * unrelated (background apps drawn independently), SGNS fits them with one direction shared by
   * every vector (all dot products equally negative): same-row and random pairs then have the same
   * cosine, ~0.9. The mean carries no information about which tokens go together, and it would make
   * every token's starting vector alike; removing it is the first step of the standard
   * post-processing of word vectors ("all-but-the-top", Mu and Viswanath 2018).
   */
  private void center(float[] v, int[] counts) {
    double[] mean = new double[dim];
    int seen = 0;
    for (int id = 0; id < counts.length; id++) {
      if (counts[id] > 0) {
        for (int d = 0; d < dim; d++) {
          mean[d] += v[id * dim + d];
        }
        seen++;
      }
    }
    if (seen == 0) {
      return;
    }
    for (int id = 0; id < counts.length; id++) {
      if (counts[id] > 0) {
        for (int d = 0; d < dim; d++) {
          v[id * dim + d] -= (float) (mean[d] / seen);
        }
      }
    }
  }

  /**
   * One logistic SGD step on the pair (center, target): the output row moves, the center's step
   * accumulates in {@code grad}.
   */
  private void update(
      float[] in, float[] out, int center, int target, float label, float lr, float[] grad) {
    int ci = center * dim;
    int ti = target * dim;
    float dot = 0f;
    for (int d = 0; d < dim; d++) {
      dot += in[ci + d] * out[ti + d];
    }
    float g = (label - sigmoid(dot)) * lr;
    for (int d = 0; d < dim; d++) {
      grad[d] += g * out[ti + d];
      out[ti + d] += g * in[ci + d];
    }
  }

  private static float sigmoid(float x) {
    if (x > 8f) {
      return 1f;
    }
    if (x < -8f) {
      return 0f;
    }
    return (float) (1 / (1 + Math.exp(-x)));
  }

  /** Ids repeated in proportion to count^0.75 (word2vec's unigram table). */
  private static int[] negativeTable(int[] counts) {
    double norm = 0;
    for (int c : counts) {
      norm += Math.pow(c, 0.75);
    }
    int[] table = new int[NEGATIVE_TABLE];
    int id = FIRST_TOKEN;
    while (id < counts.length - 1 && counts[id] == 0) {
      id++;
    }
    double cumulative = Math.pow(counts[id], 0.75) / norm;
    for (int i = 0; i < NEGATIVE_TABLE; i++) {
      table[i] = id;
      if ((i + 1) / (double) NEGATIVE_TABLE > cumulative && id < counts.length - 1) {
        do {
          id++;
        } while (id < counts.length - 1 && counts[id] == 0);
        cumulative += Math.pow(counts[id], 0.75) / norm;
      }
    }
    return table;
  }

  private static void shuffle(int[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** Mean cosine of two distinct tokens of one row, over sampled rows with at least two tokens. */
  private double observedCosine(
      float[] v, int[] ids, int len, int n, int[] counts, SplittableRandom rng) {
    double sum = 0;
    int got = 0;
    int[] row = new int[len];
    for (int tries = 0; tries < COSINE_PAIRS * 4 && got < COSINE_PAIRS; tries++) {
      int r = rng.nextInt(n);
      int m = 0;
      for (int j = r * len, end = j + len; j < end; j++) {
        if (ids[j] >= FIRST_TOKEN && counts[ids[j]] > 0) {
          row[m++] = ids[j];
        }
      }
      if (m < 2) {
        continue;
      }
      int a = rng.nextInt(m);
      int b = rng.nextInt(m - 1);
      sum += cosine(v, row[a], row[b >= a ? b + 1 : b]);
      got++;
    }
    return got == 0 ? 0 : sum / got;
  }

  /** Mean cosine of two tokens drawn independently from the negative-sampling distribution. */
  private double randomCosine(float[] v, int[] table, SplittableRandom rng) {
    double sum = 0;
    for (int i = 0; i < COSINE_PAIRS; i++) {
      sum += cosine(v, table[rng.nextInt(NEGATIVE_TABLE)], table[rng.nextInt(NEGATIVE_TABLE)]);
    }
    return sum / COSINE_PAIRS;
  }

  private double cosine(float[] v, int a, int b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int d = 0; d < dim; d++) {
      float x = v[a * dim + d];
      float y = v[b * dim + d];
      dot += x * y;
      na += x * x;
      nb += y * y;
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
