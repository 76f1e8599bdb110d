package dev.mixup.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * One mixed batch: the images {@code x} and every label array, in dataset order. Step {@code k} holds
 * the same values whenever and wherever it is fetched.
 */
public final class Batch {

    private final long step;
    private final long epoch;
    private final Map<String, INDArray> arrays;
    private final List<String> labelNames;

    Batch(long step, long epoch, Map<String, INDArray> arrays, List<String> labelNames) {
        this.step = step;
        this.epoch = epoch;
        this.arrays = arrays;
        this.labelNames = labelNames;
    }

    public long step() {
        return step;
    }

    public long epoch() {
        return epoch;
    }

    /** The images: (B, H, W, C) for channels_last, (B, C, H, W) for channels_first, or (B, H, W). */
    public INDArray x() {
        return arrays.get("x");
    }

    /** Each label array (B, K), mixed with the images' weights, in dataset order. */
    public List<INDArray> labels() {
        return labelNames.stream().map(arrays::get).toList();
    }

    /** The label arrays' names, in the order of {@link #labels()}. */
    public List<String> labelNames() {
        return labelNames;
    }

    /** Every array of the payload by name, in payload order: {@code x}, then the label arrays. */
    public Map<String, INDArray> arrays() {
        return new LinkedHashMap<>(arrays);
    }

    /** Features {@code x} and the first label array: what a single-output DL4J network trains on. */
    public DataSet toDataSet() {
        return new DataSet(x(), labels().get(0));
    }

    /** Features {@code x} and every label array: for a ComputationGraph with one output per label array. */
    public MultiDataSet toMultiDataSet() {
        return new MultiDataSet(new INDArray[] {x()}, labels().toArray(INDArray[]::new));
    }
}
