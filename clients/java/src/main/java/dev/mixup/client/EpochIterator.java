package dev.mixup.client;

import java.util.List;
import java.util.NoSuchElementException;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * One epoch of a session per pass, for DL4J: a pass serves the steps from the session's position to the end
 * of its epoch, in order, through streamed responses; {@link #reset()} moves on to the first step of the
 * next epoch (every epoch has a fresh order). Asynchronous prefetching is DL4J's: it wraps iterators that
 * support it in an {@code AsyncDataSetIterator}.
 */
final class EpochIterator implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final transient MixupSession session;
    private final int batchesPerRequest;
    private final long stepsPerEpoch;
    private long epoch;
    private long nextStep;
    /** Where the service's position stands: the end of the steps claimed so far. */
    private long claimedUntil;
    private boolean started;
    private transient BatchStream stream;
    private DataSetPreProcessor preProcessor;

    EpochIterator(MixupSession session, int batchesPerRequest) {
        this.session = session;
        this.batchesPerRequest = batchesPerRequest;
        this.stepsPerEpoch = session.stepsPerEpoch();
        long position = session.position();
        this.epoch = position / stepsPerEpoch;
        this.nextStep = position;
        this.claimedUntil = position;
    }

    @Override
    public boolean hasNext() {
        return nextStep < end();
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " is done; reset() starts the next one");
        }
        if (stream == null || !stream.hasNext()) {
            int count = (int) Math.min(batchesPerRequest, end() - nextStep);
            stream = BatchStream.open(session, claimedUntil, count);
            claimedUntil = stream.first() + count;
        }
        Batch batch = stream.next();
        nextStep = batch.step() + 1;
        started = true;
        DataSet dataSet = batch.toDataSet();
        if (preProcessor != null) {
            preProcessor.preProcess(dataSet);
        }
        return dataSet;
    }

    /** The batch size is the session's; asking for another one is a mistake. */
    @Override
    public DataSet next(int num) {
        if (num != batch()) {
            throw new UnsupportedOperationException("batches have the session's batch_size " + batch() + ", not " + num);
        }
        return next();
    }

    /** Starts the next epoch, unless this pass has not served anything yet. */
    @Override
    public void reset() {
        if (!started) {
            return;
        }
        if (stream != null) {
            stream.close();
            stream = null;
        }
        epoch++;
        long first = epoch * stepsPerEpoch;
        if (claimedUntil != first) {
            session.seek(first);
        }
        nextStep = first;
        claimedUntil = first;
        started = false;
    }

    private long end() {
        return (epoch + 1) * stepsPerEpoch;
    }

    /** Values per sample of {@code x}. */
    @Override
    public int inputColumns() {
        return Math.toIntExact(session.dataset().x().sampleSize());
    }

    /** Columns of the first label array. */
    @Override
    public int totalOutcomes() {
        return Math.toIntExact(session.dataset().labels().get(0).sampleSize());
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    public int batch() {
        return session.batchSize();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    /** Labels are mixed one-hot vectors; the service knows no class names. */
    @Override
    public List<String> getLabels() {
        return null;
    }
}
