package io.deepscore.spark.partition;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.spark.rdd.InputFileBlockHolder;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.InputFileName;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.classic.Dataset;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The rows of a columnar scan as views into its column batches, without Spark's row conversion: for
 * a plan that is a columnar scan (Parquet's vectorized reader, nested arrays included) under {@code
 * ColumnarToRow}, optionally with a projection of all the scan's columns in order plus {@code
 * input_file_name()} (the shape {@code RawInput.read} gives), the rows are the batches' own {@link
 * ColumnarBatch#rowIterator()} rows, joined with the current file's name. Spark's generated code
 * would copy every value, every string and array element included, into an {@code UnsafeRow} first;
 * a profile of the scoring pass put that copy at a tenth of its CPU.
 *
 * <p>The rows hold the same values in the same order as {@code queryExecution().toRdd()} (a test
 * compares them); like those, a row is valid until the iterator moves on (copy what is kept), and a
 * batch's rows until the next batch. Any other plan shape is left to Spark.
 */
final class ColumnarScan {
  private ColumnarScan() {}

  /** The rows of {@code df} as batch views, or empty when its plan is not a plain columnar scan. */
  static Optional<RDD<InternalRow>> rows(Dataset<Row> df) {
    SparkPlan plan = unwrap(df.queryExecution().executedPlan());
    boolean withFile = false;
    if (plan instanceof ProjectExec project) {
      SparkPlan child = unwrap(project.child());
      withFile = projectsAllWithFileName(project, child);
      if (!withFile) {
        return Optional.empty();
      }
      plan = child;
    }
    if (!(plan instanceof ColumnarToRowExec toRows)) {
      return Optional.empty();
    }
    SparkPlan scan = unwrap(toRows.child());
    if (!scan.supportsColumnar()) {
      return Optional.empty();
    }
    boolean joinFile = withFile;
    return Optional.of(
        scan.executeColumnar().toJavaRDD().mapPartitions(b -> new BatchRows(b, joinFile)).rdd());
  }

  private static SparkPlan unwrap(SparkPlan plan) {
    if (plan instanceof WholeStageCodegenExec stage) {
      return unwrap(stage.child());
    }
    if (plan instanceof InputAdapter adapter) {
      return unwrap(adapter.child());
    }
    return plan;
  }

  /** Whether {@code project} is {@code child}'s columns in order, then input_file_name(). */
  private static boolean projectsAllWithFileName(ProjectExec project, SparkPlan child) {
    List<NamedExpression> list = CollectionConverters.asJava(project.projectList());
    List<Attribute> columns = CollectionConverters.asJava(child.output());
    if (list.size() != columns.size() + 1) {
      return false;
    }
    for (int i = 0; i < columns.size(); i++) {
      if (!(list.get(i) instanceof Attribute a) || !a.exprId().equals(columns.get(i).exprId())) {
        return false;
      }
    }
    return list.get(columns.size()) instanceof Alias alias
        && alias.child() instanceof InputFileName;
  }

  /** A partition's batches as rows, each joined with its file's name when asked. */
  private static final class BatchRows implements Iterator<InternalRow> {
    private final Iterator<ColumnarBatch> batches;
    private final GenericInternalRow file;
    private final JoinedRow joined = new JoinedRow();
    private Iterator<InternalRow> rows = Collections.emptyIterator();

    BatchRows(Iterator<ColumnarBatch> batches, boolean withFile) {
      this.batches = batches;
      this.file = withFile ? new GenericInternalRow(1) : null;
    }

    @Override
    public boolean hasNext() {
      while (!rows.hasNext()) {
        if (!batches.hasNext()) {
          return false;
        }
        ColumnarBatch batch = batches.next();
        if (file != null) {
          // the reader sets the file before it hands out the file's first batch
          file.update(0, InputFileBlockHolder.getInputFilePath());
        }
        rows = batch.rowIterator();
      }
      return true;
    }

    @Override
    public InternalRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      InternalRow row = rows.next();
      return file == null ? row : joined.apply(row, file);
    }
  }
}
