package dev.mixup.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.mixup.core.BatchPlan;
import dev.mixup.core.BatchSink;
import dev.mixup.core.Datagen;
import dev.mixup.core.DatagenSettings;
import dev.mixup.core.EraserSettings;
import dev.mixup.core.ImageShape;
import dev.mixup.core.MixingSettings;
import dev.mixup.core.Mixup;
import dev.mixup.core.RandomEraser;
import dev.mixup.core.SampleSource;
import dev.mixup.core.ShiftRange;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One CIFAR-shaped batch (B = 128 of 32x32x3 uint8) mixed, augmented and written to a float32
 * payload, single-threaded: the per-core cost of the service's hot path. Scores are batches per
 * second; multiply by 128 for images per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MixupBenchmark {

    private static final int SAMPLES = 50_000;
    private static final int BATCH = 128;
    private static final ImageShape SHAPE = new ImageShape(32, 32, 3);

    /**
     * plain: mixup only; keras: shifts 0.1, horizontal flip, rotation 15, rescale, random erasing p=0.5;
     * cutmix: mixup or CutMix (cutmix_alpha 1, switch_prob 0.5), nothing else.
     */
    @Param({"plain", "keras", "cutmix"})
    public String settings;

    private Mixup mixup;
    private SampleSource source;
    private PayloadSink sink;
    private long step;

    @Setup
    public void setUp() {
        byte[] pixels = new byte[SAMPLES * SHAPE.size()];
        new Random(0).nextBytes(pixels);
        source = new Uint8Images(pixels);
        DatagenSettings datagen = settings.equals("keras")
                ? DatagenSettings.builder().widthShiftRange(ShiftRange.of(0.1)).heightShiftRange(ShiftRange.of(0.1))
                        .horizontalFlip(true).rotationRange(15.0).rescale(1 / 255.0).build()
                : DatagenSettings.defaults();
        RandomEraser eraser = settings.equals("keras") ? new RandomEraser(EraserSettings.defaults(), SHAPE) : null;
        MixingSettings mixing = settings.equals("cutmix") ? MixingSettings.builder().cutmixAlpha(1.0).build() : MixingSettings.defaults();
        mixup = new Mixup(new BatchPlan(SAMPLES, BATCH, true, 1, 0, 1), mixing, 1,
                new Datagen(datagen, SHAPE, null), eraser);
        sink = new PayloadSink();
    }

    @Benchmark
    public void batch(Blackhole blackhole) {
        blackhole.consume(mixup.produce(step++, source, sink));
        blackhole.consume(sink.payload);
    }

    /** Reads uint8 pixels as the memory-mapped dataset does, from one flat array. */
    private record Uint8Images(byte[] pixels) implements SampleSource {
        @Override
        public int samples() {
            return SAMPLES;
        }

        @Override
        public ImageShape imageShape() {
            return SHAPE;
        }

        @Override
        public int labelArrays() {
            return 1;
        }

        @Override
        public int labelWidth(int array) {
            return 10;
        }

        @Override
        public boolean oneHotEncoded(int array) {
            return true;
        }

        @Override
        public void readImage(int index, float[] into) {
            int offset = index * into.length;
            for (int i = 0; i < into.length; i++) {
                into[i] = pixels[offset + i] & 0xFF;
            }
        }

        @Override
        public void readLabel(int array, int index, float[] into) {
            java.util.Arrays.fill(into, 0);
            into[index % 10] = 1;
        }
    }

    /** Writes float32 little-endian NHWC, as the service's payload writer does. */
    private static final class PayloadSink implements BatchSink {
        private static final java.lang.invoke.VarHandle FLOAT =
                java.lang.invoke.MethodHandles.byteArrayViewVarHandle(float[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
        final byte[] payload = new byte[BATCH * SHAPE.size() * Float.BYTES];
        final byte[] labels = new byte[BATCH * 10 * Float.BYTES];

        @Override
        public void image(int b, float[] values) {
            int base = b * values.length;
            for (int i = 0; i < values.length; i++) {
                FLOAT.set(payload, (base + i) * Float.BYTES, values[i]);
            }
        }

        @Override
        public void label(int array, int b, float[] values) {
            for (int i = 0; i < values.length; i++) {
                FLOAT.set(labels, (b * values.length + i) * Float.BYTES, values[i]);
            }
        }
    }
}
