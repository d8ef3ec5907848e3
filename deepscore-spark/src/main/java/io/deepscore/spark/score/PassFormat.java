package io.deepscore.spark.score;

import io.deepscore.eval.drift.RunProfile;
import io.deepscore.spark.io.TaggedRows;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.datasources.json.JsonFileFormat;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.execution.datasources.parquet.ParquetOutputWriter;
import org.apache.spark.sql.execution.datasources.parquet.ParquetWriteSupport;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The scoring pass's one write: Spark's Parquet write of the tagged rows ({@link TaggedRows}),
 * whose writer splits them as it goes. Accepted rows go to the scores file Spark's commit protocol
 * named (the output columns only, so the scores Parquet is what a plain write of them gives);
 * rejected rows to a JSON lines file in {@link TaggedRows#REJECTS_SCHEMA} (Spark's own JSON
 * writer); with a profile, each accepted row's id and features hash to a second Parquet file; and,
 * at close, the rows' {@link PassTally} to a small file. The side files are written into the same
 * task attempt directory as the scores file, so Spark's commit protocol commits them with it, or
 * discards them with a failed or speculative attempt: what the driver reads after the job ({@link
 * PassOutput}) is exactly the committed output. Used by class name ({@code
 * write().format(PassFormat.class .getName())}) with the {@link Layout}'s options.
 */
public final class PassFormat extends ParquetFileFormat {
  private static final long serialVersionUID = 1L;

  /** Name prefixes of the side files (hidden: readers skip them until the driver moves them). */
  static final String REJECTS = "_pass-rejects-";

  static final String FEATURES = "_pass-features-";
  static final String TALLY = "_pass-tally-";

  private static final String OPTION = "deepscore.pass.layout";

  /**
   * Where the parts of a tagged row are: the first {@code outputColumns} are the scores (the id
   * first, then the {@code models} scores, ..., the audience flags last when {@code audience});
   * with {@code profiled}, the features hash and one partial profile per model follow; then the
   * rejects columns and the {@code fields} null flags.
   */
  record Layout(int outputColumns, int models, boolean audience, boolean profiled, int fields)
      implements java.io.Serializable {

    int rejectsOffset() {
      return outputColumns + (profiled ? 1 + models : 0);
    }

    Map<String, String> options() {
      return Map.of(
          OPTION, outputColumns + "," + models + "," + audience + "," + profiled + "," + fields);
    }

    static Layout of(scala.collection.immutable.Map<String, String> options) {
      String[] v = options.apply(OPTION).split(",");
      return new Layout(
          Integer.parseInt(v[0]),
          Integer.parseInt(v[1]),
          Boolean.parseBoolean(v[2]),
          Boolean.parseBoolean(v[3]),
          Integer.parseInt(v[4]));
    }
  }

  /** The features hashes' schema ({@code _features/}). */
  static final StructType FEATURES_SCHEMA =
      DataTypes.createStructType(
          new StructField[] {
            DataTypes.createStructField(FeaturePass.ID, DataTypes.StringType, true),
            DataTypes.createStructField(FeaturePass.HASH, DataTypes.LongType, true)
          });

  @Override
  public OutputWriterFactory prepareWrite(
      SparkSession session,
      Job job,
      scala.collection.immutable.Map<String, String> options,
      StructType dataSchema) {
    Layout layout = Layout.of(options);
    StructType scores =
        DataTypes.createStructType(
            java.util.Arrays.copyOf(dataSchema.fields(), layout.outputColumns()));
    scala.collection.immutable.Map<String, String> none =
        scala.collection.immutable.Map$.MODULE$.<String, String>empty();
    OutputWriterFactory parquet = super.prepareWrite(session, job, none, scores);
    OutputWriterFactory json =
        new JsonFileFormat().prepareWrite(session, job, none, TaggedRows.REJECTS_SCHEMA);
    return new Factory(parquet, json, layout);
  }

  @Override
  public String shortName() {
    return "deepscore-pass";
  }

  private static final class Factory extends OutputWriterFactory {
    private static final long serialVersionUID = 1L;
    private final OutputWriterFactory parquet;
    private final OutputWriterFactory json;
    private final Layout layout;

    Factory(OutputWriterFactory parquet, OutputWriterFactory json, Layout layout) {
      this.parquet = parquet;
      this.json = json;
      this.layout = layout;
    }

    @Override
    public String getFileExtension(TaskAttemptContext context) {
      return parquet.getFileExtension(context);
    }

    @Override
    public OutputWriter newInstance(
        String path, StructType dataSchema, TaskAttemptContext context) {
      return new Writer(path, dataSchema, context, this);
    }
  }

  /** One task's writer: splits the tagged rows into the scores, rejects and features files. */
  private static final class Writer extends OutputWriter {
    private final String path;
    private final TaskAttemptContext context;
    private final Factory factory;
    private final Layout layout;
    private final PassTally tally;
    private final Object[] reject = new Object[TaggedRows.REJECTS_SCHEMA.size()];
    private final Object[] feature = new Object[2];
    private final GenericInternalRow rejectRow = new GenericInternalRow(reject);
    private final GenericInternalRow featureRow = new GenericInternalRow(feature);
    private final Object[] output;
    private final DataType[] outputTypes;
    private final GenericInternalRow outputRow;
    private OutputWriter scores;
    private OutputWriter rejects;
    private OutputWriter features;

    Writer(String path, StructType dataSchema, TaskAttemptContext context, Factory factory) {
      this.path = path;
      this.context = context;
      this.factory = factory;
      this.layout = factory.layout;
      this.tally = new PassTally(layout.fields(), layout.models());
      this.output = new Object[layout.outputColumns()];
      this.outputRow = new GenericInternalRow(output);
      this.outputTypes = new DataType[output.length];
      for (int c = 0; c < output.length; c++) {
        outputTypes[c] = dataSchema.fields()[c].dataType();
      }
      if (context.getTaskAttemptID().getTaskID().getId() == 0) {
        scores(); // as a plain write does: the first partition's file, even empty, has the schema
      }
    }

    private OutputWriter scores() {
      if (scores == null) {
        scores = factory.parquet.newInstance(path, null, context);
      }
      return scores;
    }

    private String side(String prefix, String extension) {
      Path p = new Path(path);
      String name = p.getName();
      int dot = name.indexOf('.');
      return new Path(p.getParent(), prefix + (dot < 0 ? name : name.substring(0, dot)) + extension)
          .toString();
    }

    @Override
    public void write(InternalRow row) {
      int at = layout.rejectsOffset();
      if (row.isNullAt(at + 2)) { // the reject's field: null for an accepted row
        tally.accepted++;
        for (int c = 0; c < output.length; c++) {
          output[c] = row.isNullAt(c) ? null : row.get(c, outputTypes[c]);
        }
        scores().write(outputRow); // Spark's Parquet writer wants a row of exactly its columns
        int n = layout.models();
        for (int m = 0; m < n; m++) {
          if (!Float.isFinite(row.getFloat(1 + m))) {
            tally.nonFinite[m]++;
          }
          if (layout.audience() && row.getBoolean(layout.outputColumns() - n + m)) {
            tally.audience[m]++;
          }
        }
        if (layout.profiled() && !row.isNullAt(layout.outputColumns())) {
          feature[0] = row.getUTF8String(0);
          feature[1] = row.getLong(layout.outputColumns());
          features().write(featureRow);
        }
      } else {
        for (int i = 0; i < reject.length; i++) {
          reject[i] = row.isNullAt(at + i) ? null : row.getUTF8String(at + i);
        }
        tally.reject(reject[2].toString(), reject[4].toString());
        rejects().write(rejectRow);
      }
      int flags = at + reject.length;
      for (int f = 0; f < tally.nulls.length; f++) {
        if (row.getBoolean(flags + f)) {
          tally.nulls[f]++;
        }
      }
      if (layout.profiled()) {
        for (int m = 0; m < layout.models(); m++) {
          int c = layout.outputColumns() + 1 + m;
          if (!row.isNullAt(c)) { // the partition's last row carries its partial profiles
            tally.profiles[m] = RunProfile.fromJson(row.getBinary(c), "a partition's profile");
          }
        }
      }
    }

    /**
     * A task that Spark is killing (another task failed the job) must create no file: the driver
     * may already be removing the staging directory, which a new file would bring back.
     */
    private static void refuseIfKilled() {
      TaskContext task = TaskContext.get();
      if (task != null && task.isInterrupted()) {
        throw new IllegalStateException("the task is being killed: no new output file");
      }
    }

    private OutputWriter rejects() {
      if (rejects == null) {
        refuseIfKilled();
        rejects =
            factory.json.newInstance(
                side(REJECTS, factory.json.getFileExtension(context)),
                TaggedRows.REJECTS_SCHEMA,
                context);
      }
      return rejects;
    }

    private OutputWriter features() {
      if (features == null) {
        refuseIfKilled();
        Configuration conf = new Configuration(context.getConfiguration());
        ParquetWriteSupport.setSchema(FEATURES_SCHEMA, conf);
        TaskAttemptContext ctx = new TaskAttemptContextImpl(conf, context.getTaskAttemptID());
        features = new ParquetOutputWriter(side(FEATURES, factory.getFileExtension(context)), ctx);
      }
      return features;
    }

    @Override
    public void close() {
      for (OutputWriter w : new OutputWriter[] {scores, rejects, features}) {
        if (w != null) {
          w.close();
        }
      }
      TaskContext task = TaskContext.get();
      if (task != null && task.isInterrupted()) {
        return; // killed (or aborted for another task's failure): its files are discarded anyway
      }
      Path file = new Path(side(TALLY, ".bin"));
      try (OutputStream o = file.getFileSystem(context.getConfiguration()).create(file, false)) {
        o.write(tally.toBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file + ": " + e, e);
      }
    }

    @Override
    public String path() {
      return path;
    }
  }
}
