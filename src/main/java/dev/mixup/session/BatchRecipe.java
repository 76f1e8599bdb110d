package dev.mixup.session;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import dev.mixup.core.BatchPlan;
import dev.mixup.core.ChannelStatistics;
import dev.mixup.core.Datagen;
import dev.mixup.core.DatagenSettings;
import dev.mixup.core.ImageShape;
import dev.mixup.core.Mixup;
import dev.mixup.core.RandomEraser;
import dev.mixup.core.SampleSource;
import dev.mixup.dataset.Dataset;
import dev.mixup.dataset.LabelInfo;
import dev.mixup.npy.NpyDtype;

/**
 * Everything needed to produce any step of one session: the core {@link Mixup} built from the
 * effective settings, the dataset's samples, and the payload's dtype, layout and shapes.
 * Building it validates the settings: anything that cannot work throws IllegalArgumentException.
 */
final class BatchRecipe {

    private final Mixup mixup;
    private final SampleSource source;
    private final OutputDtype dtype;
    private final DataFormat format;
    private final long[] imageShape;
    private final List<LabelInfo> labels;
    private final int[] labelWidths;
    private final long payloadBytes;

    private BatchRecipe(Mixup mixup, SampleSource source, OutputDtype dtype, DataFormat format, long[] imageShape,
                        List<LabelInfo> labels, long payloadBytes) {
        this.mixup = mixup;
        this.source = source;
        this.dtype = dtype;
        this.format = format;
        this.imageShape = imageShape;
        this.labels = labels;
        this.labelWidths = new int[labels.size()];
        for (int i = 0; i < labelWidths.length; i++) {
            labelWidths[i] = source.labelWidth(i);
        }
        this.payloadBytes = payloadBytes;
    }

    static BatchRecipe of(SessionSettings settings, Dataset dataset, Supplier<ChannelStatistics> statistics, BatchLimits limits) {
        if (settings.mixing().labelSmoothing() > 0 && dataset.manifest().labels().stream().noneMatch(LabelInfo::oneHotEncoded)) {
            throw new IllegalArgumentException("label_smoothing applies to label arrays uploaded as integer class ids, and dataset "
                    + dataset.id() + " has none (labels: " + dataset.labelNames() + "); upload class ids to have them smoothed");
        }
        return of(settings, dataset.samples(), dataset.imageRank(), dataset.manifest().labels(), statistics, limits);
    }

    /** The recipe over samples read from anywhere (the JMH benchmarks in bench/ map their own files). */
    static BatchRecipe of(SessionSettings settings, SampleSource source, int imageRank, List<LabelInfo> labels,
                          Supplier<ChannelStatistics> statistics, BatchLimits limits) {
        int batchSize = settings.batchSize();
        if (batchSize < 1 || batchSize > limits.maxBatchSize()) {
            throw new IllegalArgumentException("batch_size must be in [1, " + limits.maxBatchSize() + "], got " + batchSize);
        }
        OutputDtype dtype = settings.dtype();
        ImageShape shape = source.imageShape();
        long payloadBytes = (long) batchSize * shape.size() * dtype.npy().itemSize();
        for (int i = 0; i < source.labelArrays(); i++) {
            payloadBytes += (long) batchSize * source.labelWidth(i) * Float.BYTES;
        }
        if (payloadBytes > limits.maxBatchBytes()) {
            throw new IllegalArgumentException("a batch of " + batchSize + " would be " + payloadBytes
                    + " bytes, more than mixup.max-batch-bytes (" + limits.maxBatchBytes() + "); lower batch_size");
        }
        BatchPlan plan = new BatchPlan(source.samples(), batchSize, settings.shuffle(), settings.seed(),
                settings.shardIndex(), settings.shardCount());
        DatagenSettings datagenSettings = settings.datagen();
        Datagen datagen = new Datagen(datagenSettings, shape,
                datagenSettings.needsFeaturewiseStatistics() ? statistics.get() : null);
        RandomEraser eraser = settings.eraser() == null ? null : new RandomEraser(settings.eraser(), shape);
        Mixup mixup = new Mixup(plan, settings.mixing(), settings.seed(), datagen, eraser);
        return new BatchRecipe(mixup, source, dtype, settings.dataFormat(),
                outputImageShape(batchSize, shape, imageRank, settings.dataFormat()), labels, payloadBytes);
    }

    /** Grayscale datasets come back in the rank they were uploaded in, whatever the layout. */
    private static long[] outputImageShape(int batchSize, ImageShape shape, int rank, DataFormat format) {
        if (rank == 3) {
            return new long[] {batchSize, shape.height(), shape.width()};
        }
        return format == DataFormat.CHANNELS_FIRST
                ? new long[] {batchSize, shape.channels(), shape.height(), shape.width()}
                : new long[] {batchSize, shape.height(), shape.width(), shape.channels()};
    }

    long stepsPerEpoch() {
        return mixup.plan().stepsPerEpoch();
    }

    long epochOf(long step) {
        return mixup.plan().epochOf(step);
    }

    /**
     * Heap that producing and serving one step may hold: the payload, the epoch's sample order (one
     * int per sample, when the step starts an epoch), per-image scratch and the provenance arrays.
     */
    long workingBytes() {
        return payloadBytes + retainedBytes() + 16L * source.imageShape().size() + 32L * imageShape[0];
    }

    /** What the recipe keeps between steps: the sample order of the last epoch it served. */
    long retainedBytes() {
        return (long) Integer.BYTES * source.samples();
    }

    /** @param imageArrays gives the array for the batch's images, of the length asked for */
    Batch produce(long step, IntFunction<byte[]> imageArrays) {
        int batchSize = (int) imageShape[0];
        byte[] images = imageArrays.apply(BatchOutput.imageLength(batchSize, source.imageShape(), dtype));
        BatchOutput output = new BatchOutput(batchSize, source.imageShape(), dtype, format, labelWidths, images);
        Mixup.Provenance provenance = mixup.produce(step, source, output);
        List<OutputArray> labelArrays = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            long[] shape = labels.get(i).shape().stream().mapToLong(Long::longValue).toArray();
            shape[0] = batchSize;
            labelArrays.add(new OutputArray(labels.get(i).name(), NpyDtype.FLOAT32, shape, output.labels(i)));
        }
        OutputArray x = new OutputArray("x", dtype.npy(), imageShape, output.images());
        return new Batch(step, provenance.pairs().epoch(), x, labelArrays, provenance);
    }
}
