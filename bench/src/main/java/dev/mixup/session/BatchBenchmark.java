package dev.mixup.session;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.mixup.core.DatagenSettings;
import dev.mixup.core.EraserSettings;
import dev.mixup.core.ImageShape;
import dev.mixup.core.MixingSettings;
import dev.mixup.core.SampleSource;
import dev.mixup.core.ShiftRange;
import dev.mixup.dataset.BenchDataset;
import dev.mixup.web.BenchPayloads;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One step of a session, single-threaded, through the production classes: the memory-mapped
 * CIFAR-shaped dataset (50000 x 32x32x3 uint8, 10 classes, read by the service's reader), the
 * session's recipe (core mixing, datagen, eraser, payload bytes in the session's dtype) and the
 * {@code stream} endpoint's .npy writer into a sink that drops the bytes. Scores are batches (B = 128)
 * per second; times 128 for images per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = "--enable-native-access=ALL-UNNAMED")
public class BatchBenchmark {

    private static final int SAMPLES = 50_000;
    private static final int BATCH = 128;
    private static final int CLASSES = 10;
    private static final ImageShape SHAPE = new ImageShape(32, 32, 3);

    /**
     * mixing: mixup only; augmented: compare.py's full augmentation (shifts 0.1, horizontal flip, Random
     * Erasing p = 0.5); cutmix: mixup or CutMix (cutmix_alpha 1, switch_prob 0.5), nothing else.
     */
    @Param({"mixing", "augmented", "cutmix"})
    public String settings;

    @Param({"float32", "float16"})
    public String dtype;

    private Path directory;
    private BatchRecipe recipe;
    private PayloadArrays arrays;
    private long step;

    @Setup
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("mixup-bench");
        SampleSource source = BenchDataset.create(directory, SAMPLES, SHAPE, CLASSES);
        DatagenSettings datagen = settings.equals("augmented")
                ? DatagenSettings.builder().widthShiftRange(ShiftRange.of(0.1)).heightShiftRange(ShiftRange.of(0.1))
                        .horizontalFlip(true).build()
                : DatagenSettings.defaults();
        EraserSettings eraser = settings.equals("augmented") ? EraserSettings.defaults() : null;
        MixingSettings mixing = settings.equals("cutmix") ? MixingSettings.builder().cutmixAlpha(1.0).build() : MixingSettings.defaults();
        SessionSettings session = new SessionSettings("bench", BATCH, true, 1, mixing, datagen, eraser,
                OutputDtype.fromApiName(dtype), DataFormat.CHANNELS_LAST, 0, 1);
        arrays = new PayloadArrays(new MemoryBudget(1L << 30, Duration.ZERO));
        recipe = BatchRecipe.of(session, source, 4, BenchDataset.labels(SAMPLES, CLASSES), () -> null,
                new BatchLimits(4096, Long.MAX_VALUE));
    }

    @TearDown
    public void tearDown() throws IOException {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }

    /** As the service serves a step: produced, written, its image array kept for the next step. */
    @Benchmark
    public long batch() throws IOException {
        Batch batch = recipe.produce(step++, arrays::take);
        long bytes = BenchPayloads.writeNpy(batch, OutputStream.nullOutputStream());
        arrays.recycle(batch);
        return bytes;
    }
}
