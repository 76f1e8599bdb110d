package dev.mixup.example;

import java.net.URI;
import java.util.Map;
import java.util.Random;

import dev.mixup.client.DatasetInfo;
import dev.mixup.client.MixupClient;
import dev.mixup.client.MixupSession;
import dev.mixup.client.SessionRequest;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Trains a small convolutional network for one epoch on mixup batches from the service and prints its
 * accuracy on clean held-out images. The data are made here: 28 x 28 gray images of four shapes (a
 * horizontal bar, a vertical bar, a diagonal, a box) at random places, with noise.
 * <pre>
 * MIXUP_URL=http://localhost:8080 ./mvnw -f examples/java-dl4j compile exec:java
 * </pre>
 */
public final class MixupDl4jExample {

    static final int SIZE = 28;
    static final int CLASSES = 4;

    private MixupDl4jExample() {
    }

    public static void main(String[] args) {
        MixupClient client = MixupClient.connect(URI.create(System.getenv().getOrDefault("MIXUP_URL", "http://localhost:8080")))
                .withApiKey(System.getenv("MIXUP_API_KEY"));
        double accuracy = trainOneEpoch(client, 2048, 7);
        System.out.printf("accuracy after one epoch: %.3f%n", accuracy);
    }

    /** Uploads {@code samples} shapes, trains on them for one epoch and returns the accuracy on unseen ones. */
    static double trainOneEpoch(MixupClient client, int samples, long seed) {
        Shapes train = Shapes.draw(samples, new Random(seed));
        DatasetInfo dataset = client.upload(train.images(), train.classes(), "shapes-" + seed);
        try (MixupSession session = client.open(SessionRequest.forDataset(dataset.id())
                .batchSize(16).alpha(0.2).seed(seed)
                .dataFormat("channels_first")                       // NCHW, as DL4J's convolutions take it
                .datagen(Map.of("rescale", 1 / 255.0, "width_shift_range", 0.1)))) {
            MultiLayerNetwork network = network(seed);
            network.fit(session.iterator());                      // one epoch: session.stepsPerEpoch() batches
            System.out.printf("trained on %d mixed batches of %d%n", session.stepsPerEpoch(), session.batchSize());

            Shapes unseen = Shapes.draw(512, new Random(seed + 1));
            Evaluation evaluation = new Evaluation(CLASSES);
            evaluation.eval(unseen.oneHot(), network.output(unseen.features()));
            return evaluation.accuracy();
        } finally {
            client.deleteDataset(dataset.id(), true);
        }
    }

    static MultiLayerNetwork network(long seed) {
        MultiLayerConfiguration configuration = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(2e-3))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(8).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(32).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(SIZE, SIZE, 1))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();
        return network;
    }
}
